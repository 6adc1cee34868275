; Inno Setup 6 script: the Windows installer of the one-folder bundle.
; Build the bundle first (python packaging\build.py), then from the repository root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 /DAppNumericVersion=0.1.0.0 packaging\windows\counter-app.iss
; (`python packaging\version_info.py iscc` prints these two options from pyproject.toml.)
; Signing (optional): add /DSignToolName=signtool "/Ssigntool=signtool.exe sign /sha1 <thumbprint> /fd sha256 /tr <url> /td sha256 $f"
; Output: dist\installer\counter-app-setup-<version>.exe. See packaging/README.md.
;
; The counter's data lives in one folder for the whole PC, {commonappdata}\CounterApp
; (C:\ProgramData\CounterApp\profile: counter_app/store/profile_place.py), made here with modify
; rights for the PC's users so that every Windows account of the counter uses the same data.
; Its keys\ folder holds the profile's database key sealed with DPAPI's machine key
; (counter_app/store/machine_keys.py): any process of this PC could unseal it, so the folder's ACL is
; what keeps it to the counter's users (KeysFolderAcl, SecureKeysFolder).
; Upgrades and uninstalls never touch it. Keep this file UTF-8 with BOM.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion "0.1.0.0"
#endif
; Must match packaging/version_info.py (PRODUCT_NAME, PUBLISHER) and ui/instance.py (RUNNING_MUTEXES).
#define AppName "Phần mềm Tiếp nhận và Trả kết quả"
#define AppPublisher "Bộ phận Tiếp nhận và Trả kết quả"
#define AppExe "counter-app.exe"
#define CliExe "counter-app-cli.exe"
#define DataFolder "CounterApp"
#define KeysFolder "keys"
#define RunningMutexes "CounterAppRunning,Global\CounterAppRunning"
#define Bundle "..\..\dist\counter-app"
; icacls arguments for the keys folder: inheritance removed, SYSTEM (S-1-5-18) and Administrators
; (S-1-5-32-544) full, Users (S-1-5-32-545) modify, for the folder and everything made in it.
#define KeysFolderAcl "/inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)M"
; Setup's own exit code when the installed program's selftest fails (1-8 are Inno Setup's).
#define SelftestFailedExitCode "20"

[Setup]
; Never change AppId: upgrades find the previous installation through it.
AppId={{6F1C2B9E-3A57-4E0B-9C4D-2D8A7E5B1F60}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany={#AppPublisher}
VersionInfoDescription=Cài đặt {#AppName}
VersionInfoCopyright=© {#AppPublisher}
DefaultDirName={autopf}\CounterApp
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist\installer
OutputBaseFilename=counter-app-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\counter-app.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; For all users (Program Files, an administrator's password) by default; the dialog or
; /CURRENTUSER installs for this Windows user only (no administrator needed).
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
UsedUserAreasWarning=no
; A running copy: the window holds these mutexes (ui/instance.py); Setup and Uninstall ask to
; close it, PrepareToInstall below closes it, and Restart Manager closes what still holds files.
AppMutex={#RunningMutexes}
CloseApplications=yes
RestartApplications=no
SetupLogging=yes
MinVersion=10.0
#ifdef SignToolName
; Given by the build when a certificate is available (.github/workflows/windows.yml).
SignTool={#SignToolName}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Vietnamese messages ship with Inno Setup's unofficial translations: put Vietnamese.isl in
; the compiler's Languages folder to get a Vietnamese installer.
#ifexist AddBackslash(CompilerPath) + "Languages\Vietnamese.isl"
Name: "vietnamese"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Dirs]
; The PC's data folder: every Windows user of the counter may change it (Users: modify,
; inherited by the profile and its files); never removed by the uninstaller.
Name: "{commonappdata}\{#DataFolder}"; Permissions: users-modify; Flags: uninsneveruninstall
; The machine's key store (one sealed key file per profile). Every counter user reads it at each
; start and writes it at the first start, an enrollment or a key moved in from an account (a file
; replaced by rename: modify); SYSTEM and Administrators for backups and recovery; nobody else:
; SecureKeysFolder below removes what it inherits (ProgramData's CREATOR OWNER full control, which
; would let one user change the folder's rights). Never removed: the data cannot open without it.
Name: "{commonappdata}\{#DataFolder}\{#KeysFolder}"; Permissions: users-modify admins-full system-full; Flags: uninsneveruninstall

[Files]
; The whole one-folder bundle: counter-app.exe (window), counter-app-cli.exe (command line),
; _internal\ (Python, Qt, resources, migrations).
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of a previous version that this one no longer ships (e.g. a trimmed Qt plugin).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  SelftestFailed: Boolean;

function AppRunning(): Boolean;
begin
  Result := CheckForMutexes('{#RunningMutexes}');
end;

{ Close a copy of the program that is still open (started after Setup's first check, or in
  another window of this session): ask it to close as its own close button would, wait for
  it, and refuse with a message rather than overwrite a running program. }
function PrepareToInstall(var NeedsRestart: Boolean): String;
var
  ResultCode, Waited: Integer;
begin
  Result := '';
  if not AppRunning() then
    Exit;
  Log('The program is running: asking it to close (taskkill without /F).');
  Exec(ExpandConstant('{sys}\taskkill.exe'), '/IM {#AppExe}', '', SW_HIDE, ewWaitUntilTerminated, ResultCode);
  Waited := 0;
  while AppRunning() and (Waited < 30000) do
  begin
    Sleep(500);
    Waited := Waited + 500;
  end;
  if AppRunning() then
    Result := 'Phần mềm Tiếp nhận và Trả kết quả vẫn đang mở (có thể ở một tài khoản Windows khác). ' +
              'Hãy đóng phần mềm rồi chạy lại bộ cài. Chưa có gì bị thay đổi.';
end;

{ The installed program proves it works (offscreen, a throwaway profile, a JSON report);
  its exit code decides. A failure is said (and logged), and Setup's exit code says it too. }
procedure RunSelftest();
var
  ResultCode: Integer;
  Report: String;
begin
  Report := ExpandConstant('{tmp}\selftest.json');
  if not Exec(ExpandConstant('{app}\{#CliExe}'), 'selftest --output "' + Report + '"', '', SW_HIDE,
              ewWaitUntilTerminated, ResultCode) then
    ResultCode := -1;
  Log(Format('Selftest of the installed program: exit code %d (report %s).', [ResultCode, Report]));
  if ResultCode <> 0 then
  begin
    SelftestFailed := True;
    SuppressibleMsgBox('Bản cài đặt không vượt qua bước tự kiểm tra (mã ' + IntToStr(ResultCode) + '). ' +
                       'Hãy xem nhật ký cài đặt và báo cho bộ phận kỹ thuật; dữ liệu không bị ảnh hưởng.',
                       mbError, MB_OK, IDOK);
  end;
end;

{ The keys folder's ACL, set whole and not inherited: SYSTEM and Administrators full, Users
  (every local account of the counter) modify. Well-known SIDs, as a Vietnamese Windows names
  these groups in Vietnamese. A failure is logged; [Dirs] already granted Users modify. }
procedure SecureKeysFolder();
var
  ResultCode: Integer;
  Keys: String;
begin
  Keys := ExpandConstant('{commonappdata}\{#DataFolder}\{#KeysFolder}');
  if not Exec(ExpandConstant('{sys}\icacls.exe'),
              '"' + Keys + '" {#KeysFolderAcl}', '', SW_HIDE, ewWaitUntilTerminated, ResultCode) then
    ResultCode := -1;
  Log(Format('ACL of the keys folder %s: icacls exit code %d.', [Keys, ResultCode]));
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    SecureKeysFolder();
    RunSelftest();
  end;
end;

function GetCustomSetupExitCode(): Integer;
begin
  if SelftestFailed then
    Result := {#SelftestFailedExitCode}
  else
    Result := 0;
end;

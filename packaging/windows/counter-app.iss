; Inno Setup 6 script: the Windows installer of the one-folder bundle.
; Build the bundle first (python packaging\build.py), then from the repository root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\counter-app.iss
; Output: dist\installer\counter-app-setup-<version>.exe. See packaging/README.md.
;
; The installer copies program files only. The counter's data (database, backups, print
; queue) lives in the user's data folder (%LOCALAPPDATA%\counter\counter-app) and is kept
; when the program is upgraded or uninstalled.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Phần mềm Tiếp nhận và Trả kết quả"
#define AppExe "counter-app.exe"
#define Bundle "..\..\dist\counter-app"

[Setup]
; Never change AppId: upgrades find the previous installation through it.
AppId={{6F1C2B9E-3A57-4E0B-9C4D-2D8A7E5B1F60}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Bộ phận Tiếp nhận và Trả kết quả
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
PrivilegesRequired=admin
; Close a running copy before replacing its files (upgrades at the counter).
CloseApplications=yes
RestartApplications=no
MinVersion=10.0

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Vietnamese messages ship with Inno Setup's unofficial translations: put Vietnamese.isl in
; the compiler's Languages folder to get a Vietnamese installer.
#ifexist AddBackslash(CompilerPath) + "Languages\Vietnamese.isl"
Name: "vietnamese"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

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
; Prove the installed copy works (offscreen, throwaway profile) before offering to start it.
Filename: "{app}\counter-app-cli.exe"; Parameters: "selftest"; Flags: runhidden waituntilterminated; StatusMsg: "Kiểm tra bản cài đặt…"
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

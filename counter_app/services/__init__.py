"""Services: everything the GUI can do to the store, usable without a GUI (CLI, tests)."""

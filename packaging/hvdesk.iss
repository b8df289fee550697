; Inno Setup 6 script: the Windows installer for the one-folder bundle.
;
;   python packaging\build.py --installer
;
; (build.py passes AppVersion, BundleDir, OutputDir and IconFile; the defaults
; below are for compiling this file by hand after `python packaging\build.py`.)
;
; Installs dist\hvdesk\ into Program Files (or the user's own programs folder
; when installed without administrator rights), with a Start-menu shortcut and
; an optional desktop one. The uninstaller removes the program folder only:
; the user's data and settings (%LOCALAPPDATA%\hvdesk\hvdesk: the database, its
; backups, ui.ini) and the data key in Credential Manager are left alone, so
; reinstalling or upgrading finds them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\hvdesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\build\pyinstaller\assets\hvdesk.ico"
#endif

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{6F1D2A4B-8C3E-4F57-9A1B-2D7E5C0F8A93}
AppName=hvdesk
AppVersion={#AppVersion}
AppVerName=hvdesk {#AppVersion}
AppPublisher=hvdesk
DefaultDirName={autopf}\hvdesk
DefaultGroupName=hvdesk
DisableProgramGroupPage=yes
; Per-machine by default; a user without admin rights may install for themselves.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=hvdesk-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\hvdesk.exe
UninstallDisplayName=hvdesk {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade while hvdesk runs: ask to close it (its files are in use).
CloseApplications=yes
RestartApplications=no
VersionInfoVersion={#AppVersion}
VersionInfoProductName=hvdesk

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships Chinese (Simplified) as an unofficial translation; use it when present.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\hvdesk"; Filename: "{app}\hvdesk.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\hvdesk"; Filename: "{app}\hvdesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\hvdesk.exe"; Description: "{cm:LaunchProgram,hvdesk}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself leaves in its own folder (byte-code caches of an
; older build); nothing under the user's profile.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

; No [UninstallRun] and no [Code] that touches {localappdata}\hvdesk or
; {userappdata}\hvdesk: the database, its backups and the settings stay. Removing
; them is a deliberate act (docs/windows.md, "Removing hvdesk completely").

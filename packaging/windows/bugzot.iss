; Inno Setup script: BugZot Desktop installer for Windows.
;
; NOT BUILT IN THIS REPOSITORY'S ENVIRONMENT (Linux only). It is kept consistent
; with the Linux build and run by the windows job of .github/workflows/build.yml:
;   python packaging\build.py        (bundle in dist\bugzot\, icon in build\icons\bugzot.ico,
;                                     then, when iscc is on PATH, it runs the line below)
;   iscc /DAppVersion=<bugzot_desktop.__version__> packaging\windows\bugzot.iss
; The version has one source; this script only receives it.
#ifndef AppVersion
  #error AppVersion is not defined: build with packaging\build.py or pass /DAppVersion=x.y.z to iscc
#endif
#define AppName "BugZot"
; the windowed twin of bugzot.exe (see packaging/bugzot.spec): no console window for the GUI
#define AppExe "bugzotw.exe"

[Setup]
; AppId identifies the product across upgrades: never change it
AppId={{6F0D2C1E-6B3A-4C55-9E1D-2B7A9C4E1F30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=BugZot
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\BugZot
DefaultGroupName=BugZot
DisableProgramGroupPage=yes
; per-user install without admin rights unless the user picks "all users"
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=bugzot-{#AppVersion}-windows-x86_64-setup
SetupIconFile=..\..\build\icons\bugzot.ico
UninstallDisplayIcon={app}\bugzot.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole one-folder bundle: bugzot.exe (console: --version, --self-check, sub-commands),
; bugzotw.exe (windowed) and _internal\
Source: "..\..\dist\bugzot\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

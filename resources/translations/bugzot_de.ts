<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../bugzot_desktop/gui/about_dialog.py" line="19"/>
        <source>About %1</source>
        <translation>Über %1</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/about_dialog.py" line="27"/>
        <source>About BugZot</source>
        <translation>Über BugZot</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/about_dialog.py" line="30"/>
        <source>Capture a screenshot, mark it up and file a bug report — online or offline.</source>
        <translation>Bildschirmfoto aufnehmen, markieren und einen Fehlerbericht einreichen – online oder offline.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/about_dialog.py" line="31"/>
        <source>Qt %1</source>
        <translation>Qt %1</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/about_dialog.py" line="34"/>
        <source>Data folder: %1</source>
        <translation>Datenordner: %1</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../bugzot_desktop/app.py" line="362"/>
        <source>BugZot is already open for the data folder %1 in another process, which did not answer. Use its window, or start BugZot with another data folder (--data-dir).</source>
        <translation>BugZot ist für den Datenordner %1 bereits in einem anderen Prozess geöffnet, der nicht antwortet. Verwenden Sie dessen Fenster, oder starten Sie BugZot mit einem anderen Datenordner (--data-dir).</translation>
    </message>
</context>
<context>
    <name>AttachmentList</name>
    <message>
        <location filename="../../bugzot_desktop/gui/attachment_list.py" line="58"/>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/attachment_list.py" line="59"/>
        <source>Images sent with the report. Delete removes the selected ones; Enter opens one for mark-up; Ctrl+Shift+U sends them as their original files.</source>
        <translation>Bilder, die mit dem Bericht gesendet werden. Entf entfernt die ausgewählten; Eingabe öffnet eines zum Markieren; Strg+Umschalt+U sendet sie als Originaldateien.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/attachment_list.py" line="92"/>
        <source>Original: %1</source>
        <translation>Original: %1</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/attachment_list.py" line="95"/>
        <source>Sent as the original file, not compressed (Ctrl+Shift+U to change).</source>
        <translation>Wird als Originaldatei gesendet, nicht komprimiert (Strg+Umschalt+U ändert das).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/attachment_list.py" line="120"/>
        <source>No attachments yet. Capture the screen (Ctrl+Shift+S), attach files (Ctrl+O), drop images here or paste one (Ctrl+V).</source>
        <translation>Noch keine Anhänge. Bildschirm aufnehmen (Strg+Umschalt+S), Dateien anhängen (Strg+O), Bilder hierher ziehen oder eines einfügen (Strg+V).</translation>
    </message>
</context>
<context>
    <name>BugForm</name>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_form.py" line="19"/>
        <source>Blocker — nothing works</source>
        <translation>Blocker – nichts geht mehr</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_form.py" line="20"/>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_form.py" line="21"/>
        <source>Major</source>
        <translation>Schwer</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_form.py" line="22"/>
        <source>Minor</source>
        <translation>Leicht</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_form.py" line="23"/>
        <source>Trivial</source>
        <translation>Trivial</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="9"/>
        <source>Bug report form</source>
        <translation>Fehlerberichtsformular</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="17"/>
        <source>&amp;Title *</source>
        <translation>&amp;Titel *</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="23"/>
        <source>Title (required)</source>
        <translation>Titel (Pflichtfeld)</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="24"/>
        <source>What went wrong, in a few words</source>
        <translation>Was ist schiefgegangen, in wenigen Worten</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="29"/>
        <source>Title problem</source>
        <translation>Problem mit dem Titel</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="37"/>
        <source>Se&amp;verity</source>
        <translation>Sch&amp;weregrad</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="43"/>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="48"/>
        <source>C&amp;omponent</source>
        <translation>K&amp;omponente</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="54"/>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="55"/>
        <source>e.g. editor, login, export</source>
        <translation>z. B. Editor, Anmeldung, Export</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="60"/>
        <source>&amp;Description</source>
        <translation>&amp;Beschreibung</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="66"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="68"/>
        <source>What happened, and where</source>
        <translation>Was ist passiert, und wo</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="73"/>
        <source>Ste&amp;ps to reproduce</source>
        <translation>Schritte zum &amp;Nachvollziehen</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="79"/>
        <source>Steps to reproduce</source>
        <translation>Schritte zum Nachvollziehen</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="81"/>
        <source>1. …
2. …</source>
        <translation>1. …
2. …</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="87"/>
        <source>E&amp;xpected result</source>
        <translation>Erwartetes Er&amp;gebnis</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="93"/>
        <source>Expected result</source>
        <translation>Erwartetes Ergebnis</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="99"/>
        <source>Act&amp;ual result</source>
        <translation>Tatsächliches Ergebn&amp;is</translation>
    </message>
    <message>
        <location filename="../../ui/bug_form.ui" line="105"/>
        <source>Actual result</source>
        <translation>Tatsächliches Ergebnis</translation>
    </message>
</context>
<context>
    <name>BugReporter</name>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="133"/>
        <source>Report a &amp;bug…</source>
        <translation>Einen &amp;Fehler melden …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="135"/>
        <source>Describe a problem and send it to the developers of {product}</source>
        <translation>Ein Problem beschreiben und an die Entwickler von {product} senden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="143"/>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="148"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="181"/>
        <source>The program stopped with %1 (the traceback is attached as the environment item “traceback”).</source>
        <translation>Das Programm wurde mit %1 beendet (der Traceback hängt als Umgebungseintrag „traceback“ an).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="256"/>
        <source>Bug report sent: {url}</source>
        <translation>Fehlerbericht gesendet: {url}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="257"/>
        <source>The bug report was refused: {reason}</source>
        <translation>Der Fehlerbericht wurde abgelehnt: {reason}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="258"/>
        <source>The bug report is saved and will be sent when the server is reachable.</source>
        <translation>Der Fehlerbericht ist gespeichert und wird gesendet, sobald der Server erreichbar ist.</translation>
    </message>
</context>
<context>
    <name>Capture</name>
    <message>
        <location filename="../../bugzot_desktop/tasks/capture.py" line="83"/>
        <source>the Qt platform is &apos;{platform}&apos;, which has no real screen</source>
        <translation>die Qt-Plattform ist „{platform}“ und hat keinen echten Bildschirm</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/capture.py" line="87"/>
        <source>no screen is connected</source>
        <translation>es ist kein Bildschirm angeschlossen</translation>
    </message>
</context>
<context>
    <name>CaptureFlow</name>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="37"/>
        <source>Screen capture is unavailable here ({reason}); use Attach file instead.</source>
        <translation>Bildschirmaufnahme ist hier nicht möglich ({reason}); verwenden Sie stattdessen „Datei anhängen“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="190"/>
        <source>Capturing in {seconds}… (click here to cancel)</source>
        <translation>Aufnahme in {seconds} … (zum Abbrechen hier klicken)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="216"/>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="374"/>
        <source>the grab came back empty or all black</source>
        <translation>die Aufnahme war leer oder ganz schwarz</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="242"/>
        <source>There is no screen {index}; this machine has {count} (0–{last}).</source>
        <translation>Es gibt keinen Bildschirm {index}; dieser Rechner hat {count} (0–{last}).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="286"/>
        <source>Window capture works only on X11 (this session uses &apos;{platform}&apos;); use Region instead.</source>
        <translation>Fensteraufnahme funktioniert nur unter X11 (diese Sitzung verwendet „{platform}“); verwenden Sie stattdessen „Bereich“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="294"/>
        <source>Click the window to capture (Esc or this note: cancel)</source>
        <translation>Klicken Sie auf das aufzunehmende Fenster (Esc oder dieser Hinweis: abbrechen)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="314"/>
        <source>Window capture needs the xdotool program, which is not installed; use Region instead.</source>
        <translation>Fensteraufnahme benötigt das Programm xdotool, das nicht installiert ist; verwenden Sie stattdessen „Bereich“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="333"/>
        <source>The active window cannot be found: the input focus is on the desktop itself, not on a window; click into the window first, or use Region instead. Nothing was attached.</source>
        <translation>Das aktive Fenster wurde nicht gefunden: Der Eingabefokus liegt auf dem Desktop selbst, nicht auf einem Fenster; klicken Sie zuerst in das Fenster oder verwenden Sie stattdessen „Bereich“. Nichts wurde angehängt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="350"/>
        <source>Could not find the window to capture ({problem}); use Region instead.</source>
        <translation>Das aufzunehmende Fenster wurde nicht gefunden ({problem}); verwenden Sie stattdessen „Bereich“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="351"/>
        <source>no window</source>
        <translation>kein Fenster</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="379"/>
        <source>The window is not on any screen; use Region instead.</source>
        <translation>Das Fenster liegt auf keinem Bildschirm; verwenden Sie stattdessen „Bereich“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="400"/>
        <source>{problem} Use Attach file instead.</source>
        <translation>{problem} Verwenden Sie stattdessen „Datei anhängen“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_flow.py" line="450"/>
        <source>the captured area is empty or black</source>
        <translation>der aufgenommene Bereich ist leer oder schwarz</translation>
    </message>
</context>
<context>
    <name>CaptureOverlay</name>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_overlay.py" line="28"/>
        <source>Drag to select (or press an arrow key) · Enter or double-click to capture · Esc to cancel · arrows move, Ctrl+arrows size it (Shift: 10 px)</source>
        <translation>Ziehen zum Auswählen (oder eine Pfeiltaste drücken) · Eingabe oder Doppelklick zum Aufnehmen · Esc zum Abbrechen · Pfeiltasten verschieben, Strg+Pfeiltasten ändern die Größe (Umschalt: 10 px)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/capture_overlay.py" line="147"/>
        <source>BugZot — select a region</source>
        <translation>BugZot – Bereich auswählen</translation>
    </message>
</context>
<context>
    <name>CloseUnsaved</name>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="124"/>
        <source>Close without the draft?</source>
        <translation>Ohne den Entwurf schließen?</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="126"/>
        <source>Close anyway, and what is in the form is lost; or stay and submit it (it waits in the outbox).</source>
        <translation>Trotzdem schließen, und der Inhalt des Formulars geht verloren; oder bleiben und ihn absenden (er wartet im Postausgang).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="128"/>
        <source>&amp;Close anyway</source>
        <translation>Trotzdem &amp;schließen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="130"/>
        <source>&amp;Stay</source>
        <translation>&amp;Bleiben</translation>
    </message>
</context>
<context>
    <name>DestinationDialog</name>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="90"/>
        <source>Send report to</source>
        <translation>Bericht senden an</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="92"/>
        <source>Where should “%1” go?</source>
        <translation>Wohin soll „%1“ gehen?</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="92"/>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="94"/>
        <source>The server in &amp;Settings (%1)</source>
        <translation>Der Server in den &amp;Einstellungen (%1)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="97"/>
        <source>Server URL for this report</source>
        <translation>Server-URL für diesen Bericht</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="101"/>
        <source>Problem with the URL</source>
        <translation>Problem mit der URL</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="103"/>
        <source>Server &amp;URL:</source>
        <translation>Server-&amp;URL:</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="106"/>
        <source>Send t&amp;here</source>
        <translation>Dorthin &amp;senden</translation>
    </message>
</context>
<context>
    <name>FilePicker</name>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="57"/>
        <source>Images and text files (%1)</source>
        <translation>Bilder und Textdateien (%1)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="59"/>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="60"/>
        <source>Text files (%1)</source>
        <translation>Textdateien (%1)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="61"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="83"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="205"/>
        <source>Editing a waiting report</source>
        <translation>Bearbeitung eines wartenden Berichts</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="207"/>
        <source>Atta&amp;chments</source>
        <translation>Anhäng&amp;e</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="211"/>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="214"/>
        <source>Capture screen</source>
        <translation>Bildschirm aufnehmen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="215"/>
        <source>Attach file…</source>
        <translation>Datei anhängen …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="216"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="218"/>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="448"/>
        <source>Submit</source>
        <translation>Absenden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="220"/>
        <source>Submit report</source>
        <translation>Bericht absenden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="303"/>
        <source>&amp;Capture screen</source>
        <translation>Bildschirm &amp;aufnehmen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="304"/>
        <source>Capture the whole desktop; BugZot&apos;s windows hide while it is taken</source>
        <translation>Den ganzen Desktop aufnehmen; die Fenster von BugZot verschwinden währenddessen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="305"/>
        <source>&amp;Attach file…</source>
        <translation>Datei an&amp;hängen …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="307"/>
        <source>&amp;Paste image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="308"/>
        <source>Attach the image on the clipboard (Ctrl+V)</source>
        <translation>Das Bild aus der Zwischenablage anhängen (Strg+V)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="309"/>
        <source>&amp;Remove attachment</source>
        <translation>Anhang ent&amp;fernen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="309"/>
        <source>Del</source>
        <translation>Entf</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="312"/>
        <source>&amp;Undo remove</source>
        <translation>Entfernen &amp;rückgängig machen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="314"/>
        <source>Put the attachments removed last back (Ctrl+Z)</source>
        <translation>Die zuletzt entfernten Anhänge zurückholen (Strg+Z)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="316"/>
        <source>&amp;Mark up attachment</source>
        <translation>Anhang &amp;markieren</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="316"/>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="319"/>
        <source>Send &amp;original (not compressed)</source>
        <translation>&amp;Original senden (nicht komprimiert)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="320"/>
        <source>Send the selected attachments as their files are, without compressing them (Ctrl+Shift+U)</source>
        <translation>Die ausgewählten Anhänge so senden, wie ihre Dateien sind, ohne sie zu komprimieren (Strg+Umschalt+U)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="323"/>
        <source>&amp;Submit</source>
        <translation>&amp;Absenden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="324"/>
        <source>Put the report in the outbox and send it (Ctrl+Return)</source>
        <translation>Den Bericht in den Postausgang legen und senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="325"/>
        <source>&amp;Outbox…</source>
        <translation>&amp;Postausgang …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="326"/>
        <source>Every report not yet sent, and what happened to it (Ctrl+Shift+O)</source>
        <translation>Alle noch nicht gesendeten Berichte und was mit ihnen geschah (Strg+Umschalt+O)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="327"/>
        <source>S&amp;top editing</source>
        <translation>Bearbei&amp;tung beenden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="328"/>
        <source>Leave the waiting report as it is in the outbox (Ctrl+Shift+E)</source>
        <translation>Den wartenden Bericht unverändert im Postausgang lassen (Strg+Umschalt+E)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="330"/>
        <source>S&amp;ettings…</source>
        <translation>E&amp;instellungen …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="331"/>
        <source>&amp;About BugZot</source>
        <translation>Ü&amp;ber BugZot</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="334"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="336"/>
        <source>&amp;Report</source>
        <translation>Be&amp;richt</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="343"/>
        <source>&amp;Attachments</source>
        <translation>&amp;Anhänge</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="347"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="352"/>
        <source>Capture the whole desktop (Ctrl+Shift+S)</source>
        <translation>Den ganzen Desktop aufnehmen (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="354"/>
        <source>Remove the selected attachments (Del)</source>
        <translation>Die ausgewählten Anhänge entfernen (Entf)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="445"/>
        <source>You are editing a report that waits in the outbox. Save changes (Ctrl+Return) saves them into it; it is sent as one report. Stop editing (Ctrl+Shift+E) leaves it as it was.</source>
        <translation>Sie bearbeiten einen Bericht, der im Postausgang wartet. „Änderungen speichern“ (Strg+Eingabe) speichert sie in ihm; er wird als ein Bericht gesendet. „Bearbeitung beenden“ (Strg+Umschalt+E) lässt ihn, wie er war.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="526"/>
        <source>Removed %1. Undo: Ctrl+Z in the list, or Attachments → Undo remove.</source>
        <translation>%1 entfernt. Rückgängig: Strg+Z in der Liste oder Anhänge → Entfernen rückgängig machen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="534"/>
        <source>Attached again since, so not put back twice: %1.</source>
        <translation>Inzwischen erneut angehängt, daher nicht doppelt zurückgeholt: %1.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="535"/>
        <source>%1 is back. %2</source>
        <translation>%1 ist wieder da. %2</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="538"/>
        <source>%1 is back.</source>
        <translation>%1 ist wieder da.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="557"/>
        <source>Select an attachment first; Send original applies to the selected ones.</source>
        <translation>Wählen Sie zuerst einen Anhang aus; „Original senden“ gilt für die ausgewählten.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="566"/>
        <source>%1 will be sent as the original file, not compressed; it stays on this computer until the report is sent.</source>
        <translation>%1 wird als Originaldatei gesendet, nicht komprimiert; sie bleibt auf diesem Computer, bis der Bericht gesendet ist.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="568"/>
        <source>%1 will be sent as their original files, not compressed; they stay on this computer until the report is sent.</source>
        <translation>%1 werden als Originaldateien gesendet, nicht komprimiert; sie bleiben auf diesem Computer, bis der Bericht gesendet ist.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="571"/>
        <source>%1 will be compressed before it is sent.</source>
        <translation>%1 wird vor dem Senden komprimiert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="572"/>
        <source>%1 will be compressed before they are sent.</source>
        <translation>%1 werden vor dem Senden komprimiert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="705"/>
        <source>You are already editing this report; Save changes (Ctrl+Return) saves your changes into it.</source>
        <translation>Sie bearbeiten diesen Bericht bereits; „Änderungen speichern“ (Strg+Eingabe) speichert Ihre Änderungen in ihm.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="448"/>
        <source>Save changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="306"/>
        <source>Attach images or text files such as logs (Ctrl+O)</source>
        <translation>Bilder oder Textdateien wie Protokolle anhängen (Strg+O)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="341"/>
        <source>Capture mo&amp;de</source>
        <translation>A&amp;ufnahmeart</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="456"/>
        <source>Submitting as soon as the attachment is ready…</source>
        <translation>Wird abgesendet, sobald der Anhang bereit ist …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="464"/>
        <source>Nothing was sent; everything you typed is still here.</source>
        <translation>Nichts wurde gesendet; alles, was Sie eingegeben haben, ist noch da.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="470"/>
        <source>Not sent: the review was cancelled. Everything is still in the form.</source>
        <translation>Nicht gesendet: Die Prüfung wurde abgebrochen. Alles ist noch im Formular.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="485"/>
        <source>Attached %1.</source>
        <translation>%1 angehängt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="603"/>
        <source>The clipboard holds no image; nothing was attached.</source>
        <translation>Die Zwischenablage enthält kein Bild; nichts wurde angehängt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="619"/>
        <source>Only images can be marked up; %1 is attached as it is.</source>
        <translation>Nur Bilder können markiert werden; %1 wird unverändert angehängt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="623"/>
        <source>The mark-up editor is not available in this build; the image is attached as it is.</source>
        <translation>Der Markierungseditor ist in dieser Version nicht verfügbar; das Bild wird unverändert angehängt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="634"/>
        <source>Mark-up saved on %1; the original is kept unchanged.</source>
        <translation>Markierungen auf %1 gespeichert; das Original bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="646"/>
        <source>Whole &amp;desktop</source>
        <translation>Ganzer &amp;Desktop</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="647"/>
        <source>&amp;Region…</source>
        <translation>&amp;Bereich …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="648"/>
        <source>&amp;Window (click one)</source>
        <translation>&amp;Fenster (eines anklicken)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="649"/>
        <source>&amp;Active window</source>
        <translation>&amp;Aktives Fenster</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="650"/>
        <source>Whole desktop in &amp;3 seconds</source>
        <translation>Ganzer Desktop in &amp;3 Sekunden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="651"/>
        <source>Region in 3 s&amp;econds</source>
        <translation>Bereich in 3 S&amp;ekunden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="669"/>
        <source>Screen capture is not available in this build; attach an image file instead (Ctrl+O).</source>
        <translation>Bildschirmaufnahmen sind in dieser Version nicht verfügbar; hängen Sie stattdessen eine Bilddatei an (Strg+O).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="685"/>
        <source>The report is unchanged.</source>
        <translation>Der Bericht ist unverändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="689"/>
        <source>Capture cancelled; nothing was attached.</source>
        <translation>Aufnahme abgebrochen; nichts wurde angehängt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="709"/>
        <source>Attachments are still being prepared; press Edit again when they are ready. The report you are writing is unchanged.</source>
        <translation>Anhänge werden noch vorbereitet; drücken Sie erneut auf Bearbeiten, wenn sie fertig sind. Der Bericht, den Sie gerade schreiben, bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="723"/>
        <source>Your draft “%1” was restored.</source>
        <translation>Ihr Entwurf „%1“ wurde wiederhergestellt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="723"/>
        <source>(no title)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/app.py" line="313"/>
        <source>Another unsent report was kept in %1.</source>
        <translation>Ein weiterer nicht gesendeter Bericht wurde in %1 aufbewahrt.</translation>
    </message>
</context>
<context>
    <name>MarkupCanvas</name>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/canvas.py" line="35"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/canvas.py" line="36"/>
        <source>Label text:</source>
        <translation>Beschriftung:</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/canvas.py" line="137"/>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/canvas.py" line="142"/>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/canvas.py" line="301"/>
        <source>Resize</source>
        <translation>Größe ändern</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/canvas.py" line="333"/>
        <source>Edit text</source>
        <translation>Text bearbeiten</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/canvas.py" line="345"/>
        <source>Nudge</source>
        <translation>Verschieben (Tastatur)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/canvas.py" line="384"/>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
</context>
<context>
    <name>MarkupCommands</name>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/commands.py" line="22"/>
        <source>Add {what}</source>
        <translation>{what} hinzufügen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/commands.py" line="35"/>
        <source>Delete {n} item(s)</source>
        <translation>{n} Element(e) löschen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/commands.py" line="70"/>
        <source>Crop</source>
        <translation>Zuschneiden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/commands.py" line="72"/>
        <source>Remove crop</source>
        <translation>Zuschnitt entfernen</translation>
    </message>
</context>
<context>
    <name>MarkupEditor</name>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="76"/>
        <source>Mark up screenshot</source>
        <translation>Bildschirmfoto markieren</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="86"/>
        <source>{tool} ({shortcut})</source>
        <translation>{tool} ({shortcut})</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="98"/>
        <source>Colour {color}</source>
        <translation>Farbe {color}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="101"/>
        <source>Colour…</source>
        <translation>Farbe …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="107"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="108"/>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="109"/>
        <source>Line width</source>
        <translation>Linienbreite</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="111"/>
        <source> Width </source>
        <translation> Breite </translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="117"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="122"/>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="131"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="134"/>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="137"/>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="140"/>
        <source>100%</source>
        <translation>100 %</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="141"/>
        <source>Actual size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="144"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="145"/>
        <source>Fit the image in the window</source>
        <translation>Bild in das Fenster einpassen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="153"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="184"/>
        <source>Undo {what} (Ctrl+Z)</source>
        <translation>{what} rückgängig machen (Strg+Z)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="184"/>
        <source>Undo (Ctrl+Z)</source>
        <translation>Rückgängig (Strg+Z)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="189"/>
        <source>Redo {what} (Ctrl+Shift+Z)</source>
        <translation>{what} wiederholen (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="189"/>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>Wiederholen (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="220"/>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="231"/>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="240"/>
        <source>Mark-up</source>
        <translation>Markierung</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="221"/>
        <source>Cannot open {name} as an image; attach it again.</source>
        <translation>{name} kann nicht als Bild geöffnet werden; hängen Sie es erneut an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="232"/>
        <source>{problem} Starting with a clean image; the original is unchanged.</source>
        <translation>{problem} Es wird mit einem unmarkierten Bild begonnen; das Original bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="241"/>
        <source>The saved mark-up was made for a {w}×{h} image, but {name} is {iw}×{ih}. Starting with a clean image; the original is unchanged.</source>
        <translation>Die gespeicherte Markierung wurde für ein Bild mit {w}×{h} erstellt, aber {name} hat {iw}×{ih}. Es wird mit einem unmarkierten Bild begonnen; das Original bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="258"/>
        <source>Discard mark-up?</source>
        <translation>Markierung verwerfen?</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="259"/>
        <source>Close the editor and discard your changes? The screenshot stays as it was.</source>
        <translation>Editor schließen und Ihre Änderungen verwerfen? Das Bildschirmfoto bleibt, wie es war.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="306"/>
        <source>Mark-up colour</source>
        <translation>Markierungsfarbe</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup_editor.py" line="334"/>
        <source>{tool} ({shortcut}) · colour {color} · zoom {zoom}% · output {w}×{h} px · Ctrl+wheel zooms, middle-drag pans</source>
        <translation>{tool} ({shortcut}) · Farbe {color} · Zoom {zoom} % · Ausgabe {w}×{h} px · Strg+Mausrad zoomt, Ziehen mit mittlerer Taste verschiebt</translation>
    </message>
</context>
<context>
    <name>MarkupTools</name>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="29"/>
        <source>Select</source>
        <translation>Auswählen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="30"/>
        <source>Arrow</source>
        <translation>Pfeil</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="31"/>
        <source>Line</source>
        <translation>Linie</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="32"/>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="33"/>
        <source>Ellipse</source>
        <translation>Ellipse</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="34"/>
        <source>Pen</source>
        <translation>Stift</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="35"/>
        <source>Highlighter</source>
        <translation>Textmarker</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="36"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="37"/>
        <source>Step marker</source>
        <translation>Schrittnummer</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="38"/>
        <source>Pixelate</source>
        <translation>Verpixeln</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="39"/>
        <source>Blur</source>
        <translation>Weichzeichnen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/markup/tools.py" line="40"/>
        <source>Crop</source>
        <translation>Zuschneiden</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="44"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="45"/>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="46"/>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="47"/>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="54"/>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="58"/>
        <source>as soon as the server is reachable</source>
        <translation>sobald der Server erreichbar ist</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="69"/>
        <source>Delete report</source>
        <translation>Bericht löschen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="70"/>
        <source>Delete the report “%1” and its images from the outbox? It has not been sent; this cannot be undone.</source>
        <translation>Den Bericht „%1“ und seine Bilder aus dem Postausgang löschen? Er wurde nicht gesendet; das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="71"/>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="301"/>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="177"/>
        <source>Being edited</source>
        <translation>Wird bearbeitet</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="204"/>
        <source>Outbox — BugZot</source>
        <translation>Postausgang – BugZot</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="210"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="211"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="212"/>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="213"/>
        <source>Next try</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="214"/>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="225"/>
        <source>Reports in the outbox</source>
        <translation>Berichte im Postausgang</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="230"/>
        <source>Outbox summary</source>
        <translation>Übersicht Postausgang</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="233"/>
        <source>Last action</source>
        <translation>Letzte Aktion</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="234"/>
        <source>&amp;Retry now</source>
        <translation>&amp;Jetzt erneut versuchen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="236"/>
        <source>Try to send the selected report now (Ctrl+R)</source>
        <translation>Den ausgewählten Bericht jetzt senden (Strg+R)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="237"/>
        <source>Send &amp;to…</source>
        <translation>Se&amp;nden an …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="239"/>
        <source>Send the selected report to another server URL, or back to the one in Settings (Ctrl+T)</source>
        <translation>Den gewählten Bericht an eine andere Server-URL senden oder zurück an die in den Einstellungen (Strg+T)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="241"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="243"/>
        <source>Load the selected report into the form to change it (Ctrl+E)</source>
        <translation>Den ausgewählten Bericht zum Ändern ins Formular laden (Strg+E)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="244"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="246"/>
        <source>Delete the selected report from the outbox (Del)</source>
        <translation>Den ausgewählten Bericht aus dem Postausgang löschen (Entf)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="247"/>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="249"/>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="307"/>
        <source>Goes to %1, the server it was filed for (not the one in Settings).</source>
        <translation>Geht an %1, den Server, für den er erstellt wurde (nicht an den aus den Einstellungen).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="316"/>
        <source>%1 waiting, %2 refused, %3 sent.</source>
        <translation>%1 wartend, %2 abgelehnt, %3 gesendet.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="361"/>
        <source>Trying to send “%1” now.</source>
        <translation>„%1“ wird jetzt gesendet.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="362"/>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="387"/>
        <source>“%1” is being sent or was sent already.</source>
        <translation>„%1“ wird gerade gesendet oder wurde bereits gesendet.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="389"/>
        <source>“%1” now goes to the server in Settings; it is sent once its edit is saved or stopped.</source>
        <translation>„%1“ geht jetzt an den Server in den Einstellungen; er wird gesendet, sobald die Bearbeitung gespeichert oder beendet ist.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="391"/>
        <source>“%1” now goes to the server in Settings; trying to send it now.</source>
        <translation>„%1“ geht jetzt an den Server in den Einstellungen; er wird jetzt gesendet.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="394"/>
        <source>“%1” now goes to %2; it is sent once its edit is saved or stopped.</source>
        <translation>„%1“ geht jetzt an %2; er wird gesendet, sobald die Bearbeitung gespeichert oder beendet ist.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="395"/>
        <source>“%1” now goes to %2; trying to send it now.</source>
        <translation>„%1“ geht jetzt an %2; er wird jetzt gesendet.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="412"/>
        <source>That report is no longer in the outbox.</source>
        <translation>Dieser Bericht ist nicht mehr im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="428"/>
        <source>“%1” is being sent right now and was not deleted; try again in a moment.</source>
        <translation>„%1“ wird gerade gesendet und wurde nicht gelöscht; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/outbox_view.py" line="431"/>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
</context>
<context>
    <name>PortalScreenshot</name>
    <message>
        <location filename="../../bugzot_desktop/tasks/capture.py" line="232"/>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/capture.py" line="234"/>
        <source>Could not listen to the screenshot portal ({reason}).</source>
        <translation>Die Antworten des Bildschirmfoto-Portals können nicht empfangen werden ({reason}).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/capture.py" line="248"/>
        <source>The screenshot portal refused ({reason}).</source>
        <translation>Das Bildschirmfoto-Portal hat abgelehnt ({reason}).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/capture.py" line="257"/>
        <source>The screenshot was cancelled or denied in the system dialog.</source>
        <translation>Das Bildschirmfoto wurde im Systemdialog abgebrochen oder verweigert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/capture.py" line="264"/>
        <source>The screenshot portal returned an empty image.</source>
        <translation>Das Bildschirmfoto-Portal hat ein leeres Bild geliefert.</translation>
    </message>
</context>
<context>
    <name>ProblemDetails</name>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="144"/>
        <source>Sent, with a note</source>
        <translation>Gesendet, mit einem Hinweis</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="145"/>
        <source>How these files went out:</source>
        <translation>So wurden diese Dateien gesendet:</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="229"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="232"/>
        <source>Not attached</source>
        <translation>Nicht angehängt</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="233"/>
        <source>These files were not attached:</source>
        <translation>Diese Dateien wurden nicht angehängt:</translation>
    </message>
</context>
<context>
    <name>ReportComposer</name>
    <message>
        <location filename="../../bugzot_desktop/gui/composer.py" line="245"/>
        <source>The image could not be saved, so it was not attached: %1</source>
        <translation>Das Bild konnte nicht gespeichert werden und wurde daher nicht angehängt: %1</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/composer.py" line="178"/>
        <source>Everything else in the report is unchanged.</source>
        <translation>Alles andere im Bericht bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/composer.py" line="183"/>
        <source>%1 files were not attached (%2). %3</source>
        <translation>%1 Dateien wurden nicht angehängt (%2). %3</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/composer.py" line="211"/>
        <source>Already attached, so not added again: %1.</source>
        <translation>Bereits angehängt, daher nicht noch einmal hinzugefügt: %1.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/composer.py" line="410"/>
        <source>The mark-up could not be applied to %1: %2 The attachment is unchanged.</source>
        <translation>Die Markierungen konnten nicht auf %1 angewendet werden: %2 Der Anhang bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/composer.py" line="537"/>
        <source>“%1” is being sent right now (or was just sent), so it cannot be edited; the form is unchanged.</source>
        <translation>„%1“ wird gerade gesendet (oder wurde eben gesendet) und kann daher nicht bearbeitet werden; das Formular bleibt unverändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/composer.py" line="701"/>
        <source>The report could not be put in the outbox: %1 It is back in the form; try Submit again.</source>
        <translation>Der Bericht konnte nicht in den Postausgang gelegt werden: %1 Er ist wieder im Formular; versuchen Sie „Absenden“ erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/composer.py" line="705"/>
        <source>The report could not be put in the outbox: %1 It was kept in %2.</source>
        <translation>Der Bericht konnte nicht in den Postausgang gelegt werden: %1 Er wurde in %2 aufbewahrt.</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../bugzot_desktop/gui/report_dialog.py" line="29"/>
        <source>Report a bug in {product}</source>
        <translation>Einen Fehler in {product} melden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/report_dialog.py" line="29"/>
        <source>Report a bug</source>
        <translation>Einen Fehler melden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/report_dialog.py" line="37"/>
        <source>Environment details attached to the report</source>
        <translation>Umgebungsangaben, die dem Bericht beigefügt werden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/report_dialog.py" line="38"/>
        <source>E&amp;nvironment (the next step lists every item; untick what must stay here):</source>
        <translation>&amp;Umgebung (der nächste Schritt listet jeden Eintrag; entfernen Sie das Häkchen bei allem, was hierbleiben soll):</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/report_dialog.py" line="42"/>
        <source>Su&amp;bmit…</source>
        <translation>Absen&amp;den …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/report_dialog.py" line="44"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>RestoreDraft</name>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="96"/>
        <source>Restore draft</source>
        <translation>Entwurf wiederherstellen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="97"/>
        <source>(no title yet)</source>
        <translation>(noch ohne Titel)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="98"/>
        <source>You were writing a report “%1” when BugZot last closed%2. Restore it?</source>
        <translation>Sie haben einen Bericht „%1“ geschrieben, als BugZot zuletzt geschlossen wurde%2. Wiederherstellen?</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="102"/>
        <source>Discard deletes the draft.</source>
        <translation>Verwerfen löscht den Entwurf.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="104"/>
        <source>Discard deletes the draft and the copy of its attachment BugZot keeps; your own file stays where it is.</source>
        <translation>Verwerfen löscht den Entwurf und die Kopie seines Anhangs, die BugZot aufbewahrt; Ihre eigene Datei bleibt, wo sie ist.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="107"/>
        <source>Discard deletes the draft and the copies of its %1 attachments BugZot keeps; your own files stay where they are.</source>
        <translation>Verwerfen löscht den Entwurf und die Kopien seiner %1 Anhänge, die BugZot aufbewahrt; Ihre eigenen Dateien bleiben, wo sie sind.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="110"/>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="111"/>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="88"/>
        <source>Review what will be sent</source>
        <translation>Prüfen, was gesendet wird</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="93"/>
        <source>Everything below leaves this computer when you press Send. Untick what should stay here; flagged text may be private — select it and press Mask.</source>
        <translation>Alles unten verlässt diesen Computer, wenn Sie „Senden“ drücken. Entfernen Sie das Häkchen bei allem, was hierbleiben soll; markierter Text ist möglicherweise privat – wählen Sie ihn aus und drücken Sie „Maskieren“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="102"/>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="102"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="102"/>
        <source>Looks sensitive</source>
        <translation>Wirkt vertraulich</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="104"/>
        <source>Items that will be sent</source>
        <translation>Einträge, die gesendet werden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="105"/>
        <source>Press Space to tick or untick the current item.</source>
        <translation>Leertaste setzt oder entfernt das Häkchen beim aktuellen Eintrag.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="106"/>
        <source>&amp;Items:</source>
        <translation>&amp;Einträge:</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="112"/>
        <source>Content of the selected item</source>
        <translation>Inhalt des ausgewählten Eintrags</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="113"/>
        <source>&amp;Content:</source>
        <translation>&amp;Inhalt:</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="119"/>
        <source>Picture of the selected image</source>
        <translation>Vorschau des gewählten Bildes</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="122"/>
        <source>&amp;Mask</source>
        <translation>&amp;Maskieren</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="124"/>
        <source>Mask sensitive text in the selected item</source>
        <translation>Vertraulichen Text im ausgewählten Eintrag maskieren</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="125"/>
        <source>Mask &amp;all</source>
        <translation>&amp;Alles maskieren</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="127"/>
        <source>Mask sensitive text in every item</source>
        <translation>Vertraulichen Text in allen Einträgen maskieren</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="132"/>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="134"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="229"/>
        <source>Send secrets?</source>
        <translation>Geheimnisse senden?</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="230"/>
        <source>Unmasked, and looking like a password, token or private key: %1.</source>
        <translation>Nicht maskiert und dem Anschein nach ein Passwort, Token oder privater Schlüssel: %1.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="232"/>
        <source>Select the text and press Mask, or untick the item to keep it here. Send it unchanged anyway?</source>
        <translation>Markieren Sie den Text und drücken Sie „Maskieren“, oder nehmen Sie das Häkchen weg, damit es hier bleibt. Trotzdem unverändert senden?</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="234"/>
        <source>Send &amp;anyway</source>
        <translation>&amp;Trotzdem senden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="235"/>
        <source>&amp;Go back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="266"/>
        <source>Report fields</source>
        <translation>Berichtsfelder</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="266"/>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="266"/>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="285"/>
        <source>Required: a report cannot be sent without it.</source>
        <translation>Pflichtangabe: Ohne sie kann kein Bericht gesendet werden.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="291"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="298"/>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="299"/>
        <source>Application version</source>
        <translation>Anwendungsversion</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="300"/>
        <source>Operating system</source>
        <translation>Betriebssystem</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="301"/>
        <source>System version</source>
        <translation>Systemversion</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="302"/>
        <source>Desktop session</source>
        <translation>Desktop-Sitzung</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="303"/>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="304"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="305"/>
        <source>Qt version</source>
        <translation>Qt-Version</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="306"/>
        <source>Qt platform</source>
        <translation>Qt-Plattform</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="307"/>
        <source>Number of screens</source>
        <translation>Anzahl der Bildschirme</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="308"/>
        <source>Screens</source>
        <translation>Bildschirme</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="309"/>
        <source>Language and region</source>
        <translation>Sprache und Region</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="310"/>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="311"/>
        <source>Error trace</source>
        <translation>Fehlerverlauf</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="312"/>
        <source>Log excerpt</source>
        <translation>Protokollauszug</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="318"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="319"/>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="320"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="321"/>
        <source>Steps to reproduce</source>
        <translation>Schritte zum Nachvollziehen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="322"/>
        <source>Expected result</source>
        <translation>Erwartetes Ergebnis</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="323"/>
        <source>Actual result</source>
        <translation>Tatsächliches Ergebnis</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="324"/>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="332"/>
        <source>Sent as “%1”.</source>
        <translation>Gesendet als „%1“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="339"/>
        <source>{n} bytes</source>
        <translation>{n} Bytes</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="347"/>
        <source>e-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="348"/>
        <source>private key</source>
        <translation>privater Schlüssel</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="349"/>
        <source>token or key</source>
        <translation>Token oder Schlüssel</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="350"/>
        <source>IP address</source>
        <translation>IP-Adresse</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="351"/>
        <source>home folder</source>
        <translation>Benutzerordner</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="368"/>
        <source>Items to send: {n} ({size} before images are compressed)</source>
        <translation>Zu sendende Einträge: {n} ({size} vor dem Komprimieren der Bilder)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="371"/>
        <source>Items to send: {n} ({size})</source>
        <translation>Zu sendende Einträge: {n} ({size})</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="373"/>
        <source>possibly private: {n}</source>
        <translation>möglicherweise privat: {n}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="398"/>
        <source>Loading the picture…</source>
        <translation>Das Bild wird geladen …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="426"/>
        <source>{name} — a text file, sent as shown below ({size})</source>
        <translation>{name} – eine Textdatei, gesendet wie unten gezeigt ({size})</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="429"/>
        <source>(masked: a copy is sent, your file is unchanged)</source>
        <translation>(maskiert: eine Kopie wird gesendet, Ihre Datei bleibt unverändert)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="438"/>
        <source>Sent as the original file, not compressed: what leaves is this file as it is (with mark-up: the marked-up picture, as PNG).</source>
        <translation>Wird als Originaldatei gesendet, nicht komprimiert: Gesendet wird diese Datei, wie sie ist (mit Markierungen: das markierte Bild als PNG).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="449"/>
        <source>Images are compressed before they are sent: what leaves is this picture, smaller, and its name may end in the format chosen (.webp, .png or .jpg).</source>
        <translation>Bilder werden vor dem Senden komprimiert: Gesendet wird dieses Bild, kleiner, und sein Name kann auf das gewählte Format enden (.webp, .png oder .jpg).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="442"/>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="454"/>
        <source>Text drawn on this image (edit the mark-up to change it):</source>
        <translation>Auf dieses Bild gezeichneter Text (ändern Sie ihn im Markierungseditor):</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/review_dialog.py" line="461"/>
        <source>{label} (sent as “{value}”)</source>
        <translation>{label} (gesendet als „{value}“)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="49"/>
        <source>Settings — BugZot</source>
        <translation>Einstellungen – BugZot</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="52"/>
        <source>Server URL</source>
        <translation>Server-URL</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="56"/>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="57"/>
        <source>empty for a server in open mode</source>
        <translation>leer für einen Server im offenen Modus</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="63"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="65"/>
        <source>Longest edge in pixels</source>
        <translation>Längste Kante in Pixeln</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="68"/>
        <source> kB</source>
        <translation> kB</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="70"/>
        <source>Byte budget per image in kilobytes</source>
        <translation>Byte-Budget pro Bild in Kilobyte</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="71"/>
        <source>&amp;Review what will be sent before sending</source>
        <translation>Vor dem Senden prüfen, &amp;was gesendet wird</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="73"/>
        <source>Review what will be sent before sending</source>
        <translation>Vor dem Senden prüfen, was gesendet wird</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="75"/>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="198"/>
        <source>Log file to attach</source>
        <translation>Anzuhängende Protokolldatei</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="76"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="77"/>
        <source>The last lines of this file are offered with each report.</source>
        <translation>Die letzten Zeilen dieser Datei werden mit jedem Bericht angeboten.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="78"/>
        <source>Br&amp;owse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="79"/>
        <source>Browse for the log file</source>
        <translation>Protokolldatei suchen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="83"/>
        <source> lines</source>
        <translation> Zeilen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="85"/>
        <source>Number of log lines to attach</source>
        <translation>Anzahl der anzuhängenden Protokollzeilen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="90"/>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="96"/>
        <source>Settings problem</source>
        <translation>Problem mit den Einstellungen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="100"/>
        <source>&amp;Server URL</source>
        <translation>&amp;Server-URL</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="101"/>
        <source>API &amp;token</source>
        <translation>API-&amp;Token</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="102"/>
        <source>&amp;Longest edge</source>
        <translation>&amp;Längste Kante</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="103"/>
        <source>&amp;Byte budget per image</source>
        <translation>&amp;Byte-Budget pro Bild</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="114"/>
        <source>Log &amp;file to attach (last N lines)</source>
        <translation>&amp;Protokolldatei zum Anhängen (letzte N Zeilen)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="117"/>
        <source>Log li&amp;nes (N)</source>
        <translation>Protokoll&amp;zeilen (N)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="185"/>
        <source>Log file {path} is a folder; choose a file.</source>
        <translation>Die Protokolldatei {path} ist ein Ordner; wählen Sie eine Datei.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/settings_dialog.py" line="199"/>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Protokolldateien (*.log *.txt);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="273"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="282"/>
        <source>Send progress</source>
        <translation>Sendefortschritt</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="285"/>
        <source>Reports waiting</source>
        <translation>Wartende Berichte</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="350"/>
        <source>More…</source>
        <translation>Mehr …</translation>
    </message>
</context>
<context>
    <name>StatusPresenter</name>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="25"/>
        <source>1 report waiting; it will be sent when the server is reachable</source>
        <translation>1 Bericht wartet; er wird gesendet, sobald der Server erreichbar ist</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="26"/>
        <source>%1 reports waiting; they will be sent when the server is reachable</source>
        <translation>%1 Berichte warten; sie werden gesendet, sobald der Server erreichbar ist</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="31"/>
        <source>Ready. Reports go to %1; they wait in the outbox whenever it cannot be reached.</source>
        <translation>Bereit. Berichte gehen an %1; solange der Server nicht erreichbar ist, warten sie im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="37"/>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="41"/>
        <source>Settings could not be saved: %1 They apply until you quit.</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: %1 Sie gelten, bis Sie das Programm beenden.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="51"/>
        <source>no title yet</source>
        <translation>noch ohne Titel</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="55"/>
        <source>%1 waiting</source>
        <translation>%1 wartend</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="120"/>
        <source>The server is not reachable; new reports will wait in the outbox</source>
        <translation>Der Server ist nicht erreichbar; neue Berichte warten im Postausgang</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="122"/>
        <source>The server is reachable again; sending waiting reports…</source>
        <translation>Der Server ist wieder erreichbar; wartende Berichte werden gesendet …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="131"/>
        <source>Sending report… %1%</source>
        <translation>Bericht wird gesendet … %1 %</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="138"/>
        <source>Report sent:</source>
        <translation>Bericht gesendet:</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="146"/>
        <source>a note on %1:</source>
        <translation>ein Hinweis zu %1:</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="157"/>
        <source>Not sent yet: %1 The report waits in the outbox and will be tried again by itself.</source>
        <translation>Noch nicht gesendet: %1 Der Bericht wartet im Postausgang und wird von selbst erneut versucht.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="164"/>
        <source>The server refused a report: %1 It is kept in the Outbox (Ctrl+Shift+O), where you can edit it and send it again.</source>
        <translation>Der Server hat einen Bericht abgelehnt: %1 Er bleibt im Postausgang (Strg+Umschalt+O), wo Sie ihn bearbeiten und erneut senden können.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="172"/>
        <source>Report saved in the outbox; sending…</source>
        <translation>Bericht im Postausgang gespeichert; wird gesendet …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="180"/>
        <source>The report you were writing (“%1”) is set aside; it comes back when you save or stop editing this one.</source>
        <translation>Der Bericht, den Sie geschrieben haben („%1“), ist beiseitegelegt; er kommt zurück, wenn Sie diesen speichern oder das Bearbeiten beenden.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="186"/>
        <source>“%1” is back in the form.</source>
        <translation>„%1“ ist wieder im Formular.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="304"/>
        <source>Details…</source>
        <translation>Details …</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/status.py" line="47"/>
        <source>Preparing the attachment…</source>
        <translation>Anhang wird vorbereitet …</translation>
    </message>
</context>
<context>
    <name>SwitchEdit</name>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="143"/>
        <source>Edit another report</source>
        <translation>Anderen Bericht bearbeiten</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="144"/>
        <source>(no title)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="145"/>
        <source>You are editing “%1”. Edit “%2” instead?</source>
        <translation>Sie bearbeiten „%1“. Stattdessen „%2“ bearbeiten?</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="147"/>
        <source>“%1” stays in the outbox as it was before you opened it; changes not yet saved with Save changes are lost.</source>
        <translation>„%1“ bleibt im Postausgang, wie es vor dem Öffnen war; noch nicht mit „Änderungen speichern“ gesicherte Änderungen gehen verloren.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="150"/>
        <source>&amp;Edit the other report</source>
        <translation>Den anderen Bericht &amp;bearbeiten</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/main_window.py" line="152"/>
        <source>&amp;Keep editing</source>
        <translation>&amp;Weiter bearbeiten</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../../bugzot_desktop/tasks/runner.py" line="87"/>
        <source>Unexpected error in {task}: {error}</source>
        <translation>Unerwarteter Fehler in {task}: {error}</translation>
    </message>
</context>
<context>
    <name>_Wiring</name>
    <message>
        <location filename="../../bugzot_desktop/app.py" line="160"/>
        <source>This session keeps sending to the bundled server at %1.</source>
        <translation>Diese Sitzung sendet weiter an den mitgelieferten Server unter %1.</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../bugzot_desktop/core/filetypes.py" line="54"/>
        <location filename="../../bugzot_desktop/core/imaging.py" line="201"/>
        <source>an SVG drawing</source>
        <translation>eine SVG-Zeichnung</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/filetypes.py" line="54"/>
        <location filename="../../bugzot_desktop/core/imaging.py" line="203"/>
        <source>an HTML page</source>
        <translation>eine HTML-Seite</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/filetypes.py" line="55"/>
        <location filename="../../bugzot_desktop/core/imaging.py" line="205"/>
        <source>an XML document</source>
        <translation>ein XML-Dokument</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/filetypes.py" line="80"/>
        <source>File {name} is {what}, neither an image nor a plain-text file; attach a {formats} image or a UTF-8 text file (a log, .txt, .json, .csv).</source>
        <translation>Die Datei {name} ist {what}, weder ein Bild noch eine reine Textdatei; hängen Sie ein Bild ({formats}) oder eine UTF-8-Textdatei an (ein Log, .txt, .json, .csv).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/filetypes.py" line="84"/>
        <source>File {name} is neither an image nor a plain-text file; attach a {formats} image or a UTF-8 text file (a log, .txt, .json, .csv).</source>
        <translation>Die Datei {name} ist weder ein Bild noch eine reine Textdatei; hängen Sie ein Bild ({formats}) oder eine UTF-8-Textdatei an (ein Log, .txt, .json, .csv).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/filetypes.py" line="129"/>
        <source>File {name} is a text file of {size} bytes, more than the limit of {limit} bytes for text; attach only its last lines.</source>
        <translation>Die Datei {name} ist eine Textdatei mit {size} Bytes, mehr als die Grenze von {limit} Bytes für Text; hängen Sie nur ihre letzten Zeilen an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="175"/>
        <source>a zip archive</source>
        <translation>ein ZIP-Archiv</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="176"/>
        <location filename="../../bugzot_desktop/core/imaging.py" line="177"/>
        <source>a program</source>
        <translation>ein Programm</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="178"/>
        <source>a PDF document</source>
        <translation>ein PDF-Dokument</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="179"/>
        <source>a gzip archive</source>
        <translation>ein gzip-Archiv</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="206"/>
        <source>not a supported image</source>
        <translation>kein unterstütztes Bild</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="249"/>
        <source>File {name} is too large to decode in the memory available; scale it down, then attach it again.</source>
        <translation>Datei {name} ist zu groß, um sie im verfügbaren Speicher zu dekodieren; verkleinern Sie sie und hängen Sie sie dann erneut an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="282"/>
        <source>{n} MP</source>
        <translation>{n} MP</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="283"/>
        <source>{n} pixels</source>
        <translation>{n} Pixel</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="291"/>
        <source>File {name} does not exist; attach it again.</source>
        <translation>Die Datei {name} existiert nicht; hängen Sie sie erneut an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="294"/>
        <location filename="../../bugzot_desktop/core/imaging.py" line="333"/>
        <source>File {name} could not be read ({reason}); check its permissions.</source>
        <translation>Die Datei {name} konnte nicht gelesen werden ({reason}); prüfen Sie ihre Zugriffsrechte.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="297"/>
        <source>{name} is a folder, not an image; choose an image file.</source>
        <translation>{name} ist ein Ordner, kein Bild; wählen Sie eine Bilddatei.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="301"/>
        <location filename="../../bugzot_desktop/tasks/staging.py" line="127"/>
        <source>{name} is not a regular file (a pipe, device or socket); save the image to a file and attach that.</source>
        <translation>{name} ist keine normale Datei (eine Pipe, ein Gerät oder ein Socket); speichern Sie das Bild in einer Datei und hängen Sie diese an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="305"/>
        <source>File {name} is empty (0 bytes); capture or export the image again.</source>
        <translation>Die Datei {name} ist leer (0 Bytes); nehmen Sie das Bild erneut auf oder exportieren Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="311"/>
        <location filename="../../bugzot_desktop/core/imaging.py" line="350"/>
        <location filename="../../bugzot_desktop/core/imaging.py" line="449"/>
        <source>File {name} has too many pixels to open safely (the limit is {limit}); scale it down or crop it, then attach it again.</source>
        <translation>Die Datei {name} hat zu viele Pixel, um sie sicher zu öffnen (die Grenze ist {limit}); verkleinern oder beschneiden Sie sie und hängen Sie sie erneut an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="320"/>
        <source>File {name} is an image ({kind}) that cannot be read here (damaged, or an unusual variant); open it in an image editor and export it again as PNG or JPEG.</source>
        <translation>Datei {name} ist ein Bild ({kind}), das hier nicht gelesen werden kann (beschädigt oder eine ungewöhnliche Variante); öffnen Sie es in einem Bildbearbeitungsprogramm und exportieren Sie es erneut als PNG oder JPEG.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="326"/>
        <source>File {name} is not a supported image; attach a {formats} file.</source>
        <translation>Die Datei {name} ist kein unterstütztes Bild; hängen Sie eine Datei im Format {formats} an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="329"/>
        <source>File {name} is {what}, not an image; attach a {formats} file.</source>
        <translation>Die Datei {name} ist {what}, kein Bild; hängen Sie eine Datei im Format {formats} an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="336"/>
        <source>File {name} could not be read as an image ({reason}); export it again.</source>
        <translation>Die Datei {name} konnte nicht als Bild gelesen werden ({reason}); exportieren Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="360"/>
        <source>File {name} is {w}×{h} pixels, more than the limit of {limit}; scale it down or crop it, then attach it again.</source>
        <translation>Die Datei {name} hat {w}×{h} Pixel, mehr als die Grenze von {limit}; verkleinern oder beschneiden Sie sie und hängen Sie sie erneut an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="368"/>
        <source>File {name} is an animation of {frames} frames, more than the {limit} an attachment may have; shorten it, or attach a video instead.</source>
        <translation>Datei {name} ist eine Animation mit {frames} Einzelbildern, mehr als die {limit}, die ein Anhang haben darf; kürzen Sie sie oder hängen Sie stattdessen ein Video an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="376"/>
        <source>File {name} is {frames} frames of {w}×{h} pixels, more than the limit of {limit} for a whole animation; shorten it or scale it down.</source>
        <translation>Die Datei {name} hat {frames} Bilder zu {w}×{h} Pixeln, mehr als die Grenze von {limit} für eine ganze Animation; kürzen oder verkleinern Sie sie.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="383"/>
        <source>File {name} has no pixels ({w}×{h}); export it again.</source>
        <translation>Die Datei {name} hat keine Pixel ({w}×{h}); exportieren Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="412"/>
        <source>File {name} has too many pixels to open safely; scale it down.</source>
        <translation>Die Datei {name} hat zu viele Pixel, um sie sicher zu öffnen; verkleinern Sie sie.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="242"/>
        <source>File {name} is truncated or damaged ({reason}); capture or export it again.</source>
        <translation>Die Datei {name} ist abgeschnitten oder beschädigt ({reason}); nehmen Sie sie erneut auf oder exportieren Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="432"/>
        <source>File {name} is an animation whose frames grow to {w}×{h} pixels, more than the limit of {limit} for a whole animation; shorten it or scale it down.</source>
        <translation>Datei {name} ist eine Animation, deren Einzelbilder auf {w}×{h} Pixel anwachsen, mehr als die Grenze von {limit} für eine ganze Animation; kürzen oder verkleinern Sie sie.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="439"/>
        <source>File {name} has a frame of {w}×{h} pixels (frame {n}), more than the limit of {limit}; scale it down or crop it, then attach it again.</source>
        <translation>Datei {name} hat ein Einzelbild mit {w}×{h} Pixeln (Bild {n}), mehr als die Grenze von {limit}; verkleinern oder beschneiden Sie es und hängen Sie es dann erneut an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="1288"/>
        <source>Longest edge {n} must be at least 1 pixel.</source>
        <translation>Die längste Kante {n} muss mindestens 1 Pixel betragen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/imaging.py" line="1504"/>
        <source>File {name} is a HEIC image and no HEIC decoder is installed (pip install pillow-heif).</source>
        <translation>Die Datei {name} ist ein HEIC-Bild, und es ist kein HEIC-Decoder installiert (pip install pillow-heif).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="67"/>
        <source>Report {id} is not in the outbox; nothing was exported.</source>
        <translation>Der Bericht {id} ist nicht im Postausgang; nichts wurde exportiert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="133"/>
        <source>Bundle {name}</source>
        <translation>Das Bündel {name}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="138"/>
        <source>{bundle} could not be opened as a zip file ({reason}).</source>
        <translation>{bundle} konnte nicht als ZIP-Datei geöffnet werden ({reason}).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="146"/>
        <source>{bundle} has no {manifest}; it is not a BugZot bundle.</source>
        <translation>{bundle} enthält keine {manifest}; es ist kein BugZot-Bündel.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="151"/>
        <source>{bundle}: {manifest} is nested too deeply to read; it was not written by &apos;bugzot outbox export&apos;.</source>
        <translation>{bundle}: {manifest} ist zu tief verschachtelt, um gelesen zu werden; sie wurde nicht von „bugzot outbox export“ geschrieben.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="157"/>
        <source>{bundle}: {manifest} is not valid JSON ({reason}).</source>
        <translation>{bundle}: {manifest} ist kein gültiges JSON ({reason}).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="164"/>
        <source>of type {kind}</source>
        <translation>vom Typ {kind}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="166"/>
        <source>{bundle} has bundle_version {version}; this version reads {expected}.</source>
        <translation>{bundle} hat bundle_version {version}; diese Version liest {expected}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="173"/>
        <source>{bundle}: &apos;reports&apos; in {manifest} must be a list.</source>
        <translation>{bundle}: „reports“ in {manifest} muss eine Liste sein.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="178"/>
        <source>{bundle}, report {n}</source>
        <translation>{bundle}, Bericht {n}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="181"/>
        <source>{where}: the {manifest} entry needs &apos;report&apos; and &apos;files&apos;.</source>
        <translation>{where}: Der Eintrag in {manifest} braucht „report“ und „files“.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="186"/>
        <source>{where}: &apos;files&apos; must be a list of objects.</source>
        <translation>{where}: „files“ muss eine Liste von Objekten sein.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="191"/>
        <source>{where}: {problem}</source>
        <translation>{where}: {problem}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="195"/>
        <source>{where}: lists {n} files but the report has {attachments} attachments.</source>
        <translation>{where}: nennt {n} Dateien, aber der Bericht hat {attachments} Anhänge.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="203"/>
        <source>{where}: a &apos;files&apos; entry has no &apos;member&apos; name.</source>
        <translation>{where}: Ein Eintrag in „files“ hat keinen „member“-Namen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="206"/>
        <source>{where}: member {member} is missing from the bundle.</source>
        <translation>{where}: Der Eintrag {member} fehlt im Bündel.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="211"/>
        <source>the manifest</source>
        <translation>das Manifest</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="211"/>
        <source>the report</source>
        <translation>der Bericht</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="213"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="215"/>
        <source>{where}: member {member} has {size} bytes but {said} says {shown}; the bundle is damaged — export it again.</source>
        <translation>{where}: Der Eintrag {member} hat {size} Bytes, aber {said} nennt {shown}; das Bündel ist beschädigt – exportieren Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/bundle.py" line="222"/>
        <source>{where}: member {member} does not match its checksum (sha256 {digest}…, expected {expected}…); the bundle is damaged — export it again.</source>
        <translation>{where}: Der Eintrag {member} passt nicht zu seiner Prüfsumme (sha256 {digest}…, erwartet {expected}…); das Bündel ist beschädigt – exportieren Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="57"/>
        <source>The server at {url} redirected the upload ({status} to {location}): the server URL is not exactly the server&apos;s (http vs https?), and the report is kept in the outbox.</source>
        <translation>Der Server unter {url} hat den Upload umgeleitet ({status} nach {location}): Die Server-URL ist nicht genau die des Servers (http statt https?); der Bericht bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="191"/>
        <source>Attachment {name} ({path}) could not be read for sending ({reason}); the report stays in the outbox and will be prepared again.</source>
        <translation>Der Anhang {name} ({path}) konnte zum Senden nicht gelesen werden ({reason}); der Bericht bleibt im Postausgang und wird erneut vorbereitet.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="211"/>
        <source>The server at {url} could not be reached (connection timed out); the report stays in the outbox and will be sent when it is reachable.</source>
        <translation>Der Server unter {url} war nicht erreichbar (Zeitüberschreitung beim Verbinden); der Bericht bleibt im Postausgang und wird gesendet, sobald der Server erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="216"/>
        <source>The server at {url} did not answer in time; the report stays in the outbox and will be retried.</source>
        <translation>Der Server unter {url} hat nicht rechtzeitig geantwortet; der Bericht bleibt im Postausgang und wird erneut versucht.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="222"/>
        <source>The server at {url} could not be reached ({reason}); the report stays in the outbox and will be sent when it is reachable.</source>
        <translation>Der Server unter {url} war nicht erreichbar ({reason}); der Bericht bleibt im Postausgang und wird gesendet, sobald der Server erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="226"/>
        <source>The server at {url} dropped the connection ({reason}); the report stays in the outbox and will be sent when it is reachable.</source>
        <translation>Der Server unter {url} hat die Verbindung abgebrochen ({reason}); der Bericht bleibt im Postausgang und wird gesendet, sobald der Server erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="232"/>
        <source>Sending to {url} failed ({reason}); the report stays in the outbox.</source>
        <translation>Das Senden an {url} ist fehlgeschlagen ({reason}); der Bericht bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="250"/>
        <source>The server at {url} answered {status} without a report id (is the server URL right?); the report stays in the outbox.</source>
        <translation>Der Server unter {url} hat mit {status} ohne Berichtsnummer geantwortet (ist die Server-URL richtig?); der Bericht bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="271"/>
        <source>The server at {url} is busy or failing ({answer}); the report stays in the outbox and will be retried.</source>
        <translation>Der Server unter {url} ist ausgelastet oder gestört ({answer}); der Bericht bleibt im Postausgang und wird erneut versucht.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="290"/>
        <source>The server refused the report as too large ({answer}). Remove or shrink an attachment (turn Send original off for a large file, or lower the longest edge in Settings), then send it again; the report is kept in the outbox.</source>
        <translation>Der Server hat den Bericht als zu groß abgelehnt ({answer}). Entfernen oder verkleinern Sie einen Anhang (schalten Sie „Original senden“ für eine große Datei aus, oder verringern Sie die längste Kante in den Einstellungen) und senden Sie ihn dann erneut; der Bericht bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="49"/>
        <source>The server at {url} needs an API token ({status}) and none was sent; the report is kept in the outbox.</source>
        <translation>Der Server unter {url} verlangt ein API-Token ({status}), und es wurde keines gesendet; der Bericht bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="51"/>
        <source>The server at {url} refused the API token ({status}): it is wrong or revoked; the report is kept in the outbox.</source>
        <translation>Der Server unter {url} hat das API-Token abgelehnt ({status}): Es ist falsch oder widerrufen; der Bericht bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="53"/>
        <source>{url} is not a BugZot server ({path} answered {status}): the server URL is wrong, not the report, which is kept in the outbox.</source>
        <translation>{url} ist kein BugZot-Server ({path} antwortete mit {status}): Falsch ist die Server-URL, nicht der Bericht; er bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="296"/>
        <source>The server refused the report ({answer}). Edit the report and send it again; it is kept in the outbox.</source>
        <translation>Der Server hat den Bericht abgelehnt ({answer}). Bearbeiten Sie den Bericht und senden Sie ihn erneut; er bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="307"/>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="308"/>
        <source>host name not found</source>
        <translation>Hostname nicht gefunden</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="316"/>
        <source>connection reset</source>
        <translation>Verbindung zurückgesetzt</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="317"/>
        <source>the connection closed before an answer</source>
        <translation>die Verbindung wurde vor einer Antwort geschlossen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="320"/>
        <source>connection broken</source>
        <translation>Verbindung unterbrochen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/client.py" line="321"/>
        <source>timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="170"/>
        <source>{problem} The report is kept in the outbox: remove or replace that attachment, then send it again.</source>
        <translation>{problem} Der Bericht bleibt im Postausgang: Entfernen oder ersetzen Sie diesen Anhang und senden Sie ihn dann erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="211"/>
        <source>{name} went out at {size} bytes, over the {budget}-byte budget even made smaller; crop or shorten it for a smaller file.</source>
        <translation>{name} wurde mit {size} Bytes gesendet, über dem Budget von {budget} Bytes, auch verkleinert; beschneiden oder kürzen Sie sie für eine kleinere Datei.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="215"/>
        <source>{name} went out unchanged, its metadata (a photo&apos;s location among it) too: no HEIC decoder is installed.</source>
        <translation>{name} wurde unverändert gesendet, auch mit ihren Metadaten (darunter der Aufnahmeort eines Fotos): Es ist kein HEIC-Decoder installiert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="228"/>
        <source>Attachment {name} is not prepared yet; it will be prepared on the next try.</source>
        <translation>Der Anhang {name} ist noch nicht vorbereitet; er wird beim nächsten Versuch vorbereitet.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="246"/>
        <source>The URL is the one in Settings: correct it there, then Retry the report.</source>
        <translation>Die URL stammt aus den Einstellungen: Korrigieren Sie sie dort und versuchen Sie den Bericht dann erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="247"/>
        <source>The report was filed for that URL: `bugzot outbox retry {id} --server URL` puts it back in the queue for the right URL, and `bugzot outbox flush` sends it.</source>
        <translation>Der Bericht wurde für diese URL erfasst: `bugzot outbox retry {id} --server URL` stellt ihn für die richtige URL wieder in die Warteschlange, und `bugzot outbox flush` sendet ihn.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="258"/>
        <source>Set it in Settings → API token, then Retry the report.</source>
        <translation>Tragen Sie es unter Einstellungen → API-Token ein und senden Sie den Bericht dann erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="260"/>
        <source>The report was filed for that server: {command} sends it with the right token.</source>
        <translation>Der Bericht wurde für diesen Server erfasst: {command} sendet ihn mit dem richtigen Token.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="262"/>
        <source>It waits there: no token is kept for that server (the Settings token goes only to the Settings server), and {command} sends it.</source>
        <translation>Er wartet dort: Für diesen Server ist kein Token gespeichert (das Token aus den Einstellungen geht nur an den Server aus den Einstellungen), und {command} sendet ihn.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="289"/>
        <source>Unexpected error while sending ({error}); the report stays in the outbox and will be retried.</source>
        <translation>Unerwarteter Fehler beim Senden ({error}); der Bericht bleibt im Postausgang und wird erneut versucht.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="299"/>
        <source>Cancelled; the report stays in the outbox.</source>
        <translation>Abgebrochen; der Bericht bleibt im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="310"/>
        <location filename="../../bugzot_desktop/core/delivery.py" line="325"/>
        <source>{problem} {advice}</source>
        <translation>{problem} {advice}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="330"/>
        <source>Preparing the report failed ({reason}); it stays in the outbox and will be retried.</source>
        <translation>Das Vorbereiten des Berichts ist fehlgeschlagen ({reason}); er bleibt im Postausgang und wird erneut versucht.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="381"/>
        <source>Another sender has this report, or it is no longer waiting.</source>
        <translation>Ein anderer Absender hat diesen Bericht, oder er wartet nicht mehr.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/delivery.py" line="480"/>
        <source>Report {id} is no longer in the outbox (it was deleted).</source>
        <translation>Der Bericht {id} ist nicht mehr im Postausgang (er wurde gelöscht).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/logtail.py" line="33"/>
        <source>Log file {path} could not be read ({reason}).</source>
        <translation>Die Protokolldatei {path} konnte nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="91"/>
        <source>Mark-up item is not an object.</source>
        <translation>Ein Markierungselement ist kein Objekt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="107"/>
        <source>Mark-up item is malformed ({reason}); it cannot be reopened.</source>
        <translation>Ein Markierungselement ist fehlerhaft ({reason}); es kann nicht wieder geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="123"/>
        <source>Mark-up image size {w}x{h} is not positive.</source>
        <translation>Die Bildgröße {w}x{h} der Markierungen ist nicht positiv.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="127"/>
        <source>Mark-up has {n} items; the limit is {limit}.</source>
        <translation>Die Markierungen haben {n} Elemente; erlaubt sind höchstens {limit}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="133"/>
        <source>Crop {crop} does not fit the {w}x{h} image.</source>
        <translation>Der Zuschnitt {crop} passt nicht in das {w}x{h}-Bild.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="163"/>
        <source>Mark-up is not a JSON object; it cannot be reopened.</source>
        <translation>Die Markierungen sind kein JSON-Objekt; sie können nicht wieder geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="167"/>
        <source>Mark-up version {version} is not supported (expected {expected}).</source>
        <translation>Die Markierungsversion {version} wird nicht unterstützt (erwartet: {expected}).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="182"/>
        <source>Mark-up is malformed ({reason}); it cannot be reopened.</source>
        <translation>Die Markierungen sind fehlerhaft ({reason}); sie können nicht wieder geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="195"/>
        <source>Mark-up item kind {kind} is unknown; expected one of {kinds}.</source>
        <translation>Die Markierungsart {kind} ist unbekannt; erwartet wird eine von: {kinds}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="201"/>
        <source>Mark-up {kind} has {n} points; the limit is {limit}.</source>
        <translation>Die Markierung {kind} hat {n} Punkte; erlaubt sind höchstens {limit}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="206"/>
        <source>Mark-up {kind} needs {need} point(s), got {n}.</source>
        <translation>Die Markierung {kind} braucht {need} Punkt(e), hat aber {n}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="209"/>
        <source>Mark-up {kind} needs at least 2 points, got {n}.</source>
        <translation>Die Markierung {kind} braucht mindestens 2 Punkte, hat aber {n}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="211"/>
        <source>Mark-up colour {color} is not #rrggbb.</source>
        <translation>Die Markierungsfarbe {color} hat nicht die Form #rrggbb.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="213"/>
        <source>Mark-up width {width} is outside 0–200.</source>
        <translation>Die Markierungsbreite {width} liegt außerhalb von 0–200.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/markup.py" line="215"/>
        <source>Step marker number {n} must be 1 or more.</source>
        <translation>Die Schrittnummer {n} muss 1 oder größer sein.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="182"/>
        <source>Report {id} is already in the outbox; it was not added twice.</source>
        <translation>Der Bericht {id} ist bereits im Postausgang; er wurde nicht doppelt hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="320"/>
        <source>Data dir {path} cannot hold the outbox: {reason}; choose another data dir.</source>
        <translation>Der Datenordner {path} kann den Postausgang nicht aufnehmen: {reason}; wählen Sie einen anderen Datenordner.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="337"/>
        <source>The outbox database {path} cannot be written by you ({reason}); fix the permissions of it and of its folder, or use another data dir. Nothing was changed.</source>
        <translation>Die Postausgangs-Datenbank {path} kann von Ihnen nicht geschrieben werden ({reason}); korrigieren Sie die Berechtigungen der Datei und ihres Ordners oder verwenden Sie einen anderen Datenordner. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="347"/>
        <source>The outbox database {path} could not be read ({reason}) and could not be moved aside ({move_reason}). Your images are kept in {files}; move the database file away by hand and start BugZot again.</source>
        <translation>Die Datenbank des Postausgangs {path} konnte nicht gelesen werden ({reason}) und auch nicht beiseitegelegt werden ({move_reason}). Ihre Bilder bleiben in {files}; verschieben Sie die Datenbankdatei von Hand und starten Sie BugZot erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="356"/>
        <source>The outbox database {path} could not be read ({reason}); it was moved aside to {aside}. Every image file was kept; {n} waiting report(s) were restored from their folders. Check the Outbox and resend anything missing.</source>
        <translation>Die Datenbank des Postausgangs {path} konnte nicht gelesen werden ({reason}); sie wurde als {aside} beiseitegelegt. Alle Bilddateien sind erhalten; {n} wartende(r) Bericht(e) wurden aus ihren Ordnern wiederhergestellt. Prüfen Sie den Postausgang und senden Sie Fehlendes erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="383"/>
        <source>The outbox {path} was written by a newer BugZot (schema {version}); update BugZot to send those reports. Nothing was changed.</source>
        <translation>Der Postausgang {path} wurde von einem neueren BugZot geschrieben (Schema {version}); aktualisieren Sie BugZot, um diese Berichte zu senden. Nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="557"/>
        <source>Attachment {path} could not be copied into the outbox ({reason}); the report was not saved — check the file and the free disk space, then submit again.</source>
        <translation>Der Anhang {path} konnte nicht in den Postausgang kopiert werden ({reason}); der Bericht wurde nicht gespeichert – prüfen Sie die Datei und den freien Speicherplatz und senden Sie dann erneut ab.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="590"/>
        <source>The outbox in {path} cannot be written ({reason}); make the folder writable, or start BugZot with another data dir.</source>
        <translation>Der Postausgang in {path} kann nicht geschrieben werden ({reason}); machen Sie den Ordner beschreibbar oder starten Sie BugZot mit einem anderen Datenordner.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="618"/>
        <source>An edited report must keep its client_id.</source>
        <translation>Ein bearbeiteter Bericht muss seine client_id behalten.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="623"/>
        <source>Report {id} is not in the outbox (it may have been deleted).</source>
        <translation>Der Bericht {id} ist nicht im Postausgang (er wurde vielleicht gelöscht).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="628"/>
        <source>Report &apos;{title}&apos; is sending and cannot be edited now; it is being sent — try again in a moment.</source>
        <translation>Der Bericht „{title}“ kann jetzt nicht bearbeitet werden; er wird gerade gesendet – versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="632"/>
        <source>Report &apos;{title}&apos; is sent and cannot be edited now.</source>
        <translation>Der Bericht „{title}“ ist bereits gesendet und kann nicht mehr bearbeitet werden.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/outbox.py" line="656"/>
        <source>Report &apos;{title}&apos; started sending meanwhile and was not changed.</source>
        <translation>Der Bericht „{title}“ wird inzwischen gesendet und wurde nicht geändert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/paths.py" line="33"/>
        <source>Data dir {path} is a file, not a folder; choose another data dir.</source>
        <translation>Der Datenordner {path} ist eine Datei, kein Ordner; wählen Sie einen anderen Datenordner.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/paths.py" line="48"/>
        <source>Data dir {path} cannot be created ({reason}); choose another data dir.</source>
        <translation>Der Datenordner {path} kann nicht angelegt werden ({reason}); wählen Sie einen anderen Datenordner.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="24"/>
        <source>Title</source>
        <translation>Das Feld „Titel“</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="25"/>
        <source>Description</source>
        <translation>Das Feld „Beschreibung“</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="26"/>
        <source>Steps to reproduce</source>
        <translation>Das Feld „Schritte zum Nachvollziehen“</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="27"/>
        <source>Expected result</source>
        <translation>Das Feld „Erwartetes Ergebnis“</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="28"/>
        <source>Actual result</source>
        <translation>Das Feld „Tatsächliches Ergebnis“</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="29"/>
        <source>Component</source>
        <translation>Das Feld „Komponente“</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="80"/>
        <source>Title is required: describe the bug in a few words.</source>
        <translation>Ein Titel ist erforderlich: Beschreiben Sie den Fehler in wenigen Worten.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="88"/>
        <location filename="../../bugzot_desktop/gui/bug_form.py" line="146"/>
        <source>{field} is {n} characters long; the limit is {limit}.</source>
        <translation>{field} ist {n} Zeichen lang; erlaubt sind höchstens {limit}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="95"/>
        <source>{field} contains the control character {char}; remove it and try again (tabs and line breaks are fine, other control characters are not sent).</source>
        <translation>{field} enthält das Steuerzeichen {char}; entfernen Sie es und versuchen Sie es erneut (Tabulatoren und Zeilenumbrüche sind erlaubt, andere Steuerzeichen werden nicht gesendet).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="105"/>
        <source>{field} contains {char}, half of a character (a lone surrogate); remove it or paste the text again.</source>
        <translation>{field} enthält {char}, ein halbes Zeichen (ein einzelnes Surrogat); entfernen Sie es oder fügen Sie den Text erneut ein.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="112"/>
        <source>Severity {severity} is not one of: {choices}.</source>
        <translation>Der Schweregrad {severity} ist nicht zulässig; möglich sind: {choices}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="118"/>
        <source>A report can carry at most {limit} files; this one has {n}. Remove some and send again.</source>
        <translation>Ein Bericht kann höchstens {limit} Dateien enthalten; dieser hat {n}. Entfernen Sie einige und senden Sie erneut.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/report.py" line="126"/>
        <source>Attachment {path} does not exist or is not a file.</source>
        <translation>Der Anhang {path} existiert nicht oder ist keine Datei.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="27"/>
        <source>Server URL {url} must start with http:// or https://.</source>
        <translation>Die Server-URL {url} muss mit http:// oder https:// beginnen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="29"/>
        <source>Server URL {url} contains a space or a control character; a URL has none.</source>
        <translation>Die Server-URL {url} enthält ein Leerzeichen oder ein Steuerzeichen; eine URL enthält keine.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="34"/>
        <source>Server URL {url} is not a valid URL ({reason}).</source>
        <translation>Die Server-URL {url} ist keine gültige URL ({reason}).</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="36"/>
        <source>Server URL {url} has no host name; write it like http://bugs.example.com:8000.</source>
        <translation>Die Server-URL {url} hat keinen Hostnamen; schreiben Sie sie etwa so: http://bugs.example.com:8000.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="43"/>
        <source>Server URL {url} has the port {port}; a port is a number from 1 to 65535.</source>
        <translation>Die Server-URL {url} hat den Port {port}; ein Port ist eine Zahl von 1 bis 65535.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="46"/>
        <source>Server URL {url} must not have a ?query or #fragment; give the server&apos;s address only.</source>
        <translation>Die Server-URL {url} darf keine ?Abfrage und kein #Fragment haben; geben Sie nur die Adresse des Servers an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="115"/>
        <source>Longest edge {n} must be between {min} and {max} pixels.</source>
        <translation>Die längste Kante {n} muss zwischen {min} und {max} Pixeln liegen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="118"/>
        <source>Byte budget {n} must be between {min} and {max} bytes.</source>
        <translation>Das Byte-Budget {n} muss zwischen {min} und {max} Bytes liegen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="124"/>
        <source>{name} must be a number of seconds above 0 and at most {max}, not {value}.</source>
        <translation>{name} muss eine Anzahl Sekunden über 0 und höchstens {max} sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="129"/>
        <source>{name} must be a whole number from 1 to {max}, not {value}.</source>
        <translation>{name} muss eine ganze Zahl von 1 bis {max} sein, nicht {value}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="136"/>
        <source>text in quotes</source>
        <translation>Text in Anführungszeichen</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="137"/>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="138"/>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="139"/>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="153"/>
        <source>{name} must be {what}, not {value}</source>
        <translation>{name} muss {what} sein, nicht {value}</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="167"/>
        <source>Settings file {path} could not be read ({reason}); fix or delete it.</source>
        <translation>Die Einstellungsdatei {path} konnte nicht gelesen werden ({reason}); korrigieren oder löschen Sie sie.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="173"/>
        <source>Settings file {path} must hold a JSON object ({{...}}), not {kind}; fix or delete it.</source>
        <translation>Die Einstellungsdatei {path} muss ein JSON-Objekt ({{...}}) enthalten, nicht {kind}; korrigieren oder löschen Sie sie.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="200"/>
        <source>Settings file {path}: {problem}; fix or delete it.</source>
        <translation>Einstellungsdatei {path}: {problem}; korrigieren oder löschen Sie sie.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="218"/>
        <source>{problem} Default settings are used until you save the settings.</source>
        <translation>{problem} Bis Sie die Einstellungen speichern, gelten die Standardeinstellungen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="231"/>
        <source>{problem}.</source>
        <translation>{problem}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/settings.py" line="238"/>
        <source>Settings file {path}: {problems} The defaults are used for {names} until you save the settings.</source>
        <translation>Einstellungsdatei {path}: {problems} Für {names} gelten die Standardwerte, bis Sie die Einstellungen speichern.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/flatten.py" line="183"/>
        <source>The screenshot to mark up is empty; capture it again or attach a file.</source>
        <translation>Das zu markierende Bildschirmfoto ist leer; nehmen Sie es erneut auf oder hängen Sie eine Datei an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/flatten.py" line="227"/>
        <source>Cannot read {name} as an image; attach it again.</source>
        <translation>{name} kann nicht als Bild gelesen werden; hängen Sie es erneut an.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/flatten.py" line="232"/>
        <source>The mark-up was made for a {w}x{h} image but {name} is {actual_w}x{actual_h}; reopen the editor to redo it.</source>
        <translation>Die Markierungen wurden für ein {w}x{h}-Bild gemacht, aber {name} hat {actual_w}x{actual_h}; öffnen Sie den Editor erneut, um sie neu zu setzen.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/flatten.py" line="242"/>
        <source>Could not write {name}; check free disk space.</source>
        <translation>{name} konnte nicht geschrieben werden; prüfen Sie den freien Speicherplatz.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/staging.py" line="86"/>
        <source>The image for {name} is empty; nothing was saved.</source>
        <translation>Das Bild für {name} ist leer; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/staging.py" line="94"/>
        <source>Could not save {name} in {folder}: {reason}.</source>
        <translation>{name} konnte nicht in {folder} gespeichert werden: {reason}.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/staging.py" line="131"/>
        <source>{name} could not be attached: the file does not exist or is not a file.</source>
        <translation>{name} konnte nicht angehängt werden: Die Datei existiert nicht oder ist keine Datei.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/tasks/staging.py" line="149"/>
        <source>{name} is not an image BugZot can read ({reason}); it was not attached.</source>
        <translation>{name} ist kein Bild, das BugZot lesen kann ({reason}); es wurde nicht angehängt.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/gui/bug_reporter.py" line="64"/>
        <source>The report is waiting in the outbox.</source>
        <translation>Der Bericht wartet im Postausgang.</translation>
    </message>
    <message>
        <location filename="../../bugzot_desktop/core/drafts.py" line="137"/>
        <source>Drafts cannot be saved in {path} ({reason}); if BugZot stops now, what was typed since is lost. Make the folder writable or submit the report.</source>
        <translation>Entwürfe können nicht in {path} gespeichert werden ({reason}); wenn BugZot jetzt endet, geht das seitdem Getippte verloren. Machen Sie den Ordner beschreibbar oder senden Sie den Bericht ab.</translation>
    </message>
</context>
</TS>

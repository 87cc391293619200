<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>DatabaseProblemDialog</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation>Cairn kann seine Datenbank nicht öffnen</translation>
    </message>
    <message>
        <source>The conversation database %1 cannot be used: %2.</source>
        <translation>Die Gesprächsdatenbank %1 ist nicht verwendbar: %2.</translation>
    </message>
    <message>
        <source>Cairn can move the file aside (it is renamed, not deleted, so nothing in it is lost) and start with a new, empty database. Or quit and look at the file first, for example with &quot;cairn-cli db check&quot;.</source>
        <translation>Cairn kann die Datei beiseitelegen (sie wird umbenannt, nicht gelöscht, es geht also nichts verloren) und mit einer neuen, leeren Datenbank beginnen. Oder beenden Sie Cairn und sehen Sie sich die Datei zuerst an, zum Beispiel mit &quot;cairn-cli db check&quot;.</translation>
    </message>
    <message>
        <source>The conversation database %1 was written by a newer version of Cairn: %2.</source>
        <translation>Die Gesprächsdatenbank %1 wurde von einer neueren Cairn-Version geschrieben: %2.</translation>
    </message>
    <message>
        <source>This Cairn (%1) knows database schema versions up to %2 and will not change the file. Please start the newer Cairn.</source>
        <translation>Dieses Cairn (%1) kennt Datenbankschemata bis Version %2 und ändert die Datei nicht. Bitte starten Sie das neuere Cairn.</translation>
    </message>
    <message>
        <source>The conversation database %1 cannot be opened: %2.</source>
        <translation>Die Gesprächsdatenbank %1 kann nicht geöffnet werden: %2.</translation>
    </message>
    <message>
        <source>Cairn leaves the file as it is and quits.</source>
        <translation>Cairn lässt die Datei unverändert und wird beendet.</translation>
    </message>
    <message>
        <source>Move aside and start fresh</source>
        <translation>Beiseitelegen und neu beginnen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
<context>
    <name>cairn::app::AttachmentService</name>
    <message>
        <source>1 slide</source>
        <translation>1 Folie</translation>
    </message>
    <message numerus="yes">
        <source>%n slides</source>
        <translation>
            <numerusform>%n Folien</numerusform>
            <numerusform>%n Folien</numerusform>
        </translation>
    </message>
    <message>
        <source>1 page</source>
        <translation>1 Seite</translation>
    </message>
    <message numerus="yes">
        <source>%n pages</source>
        <translation>
            <numerusform>%n Seiten</numerusform>
            <numerusform>%n Seiten</numerusform>
        </translation>
    </message>
    <message>
        <source>1 line</source>
        <translation>1 Zeile</translation>
    </message>
    <message numerus="yes">
        <source>%n lines</source>
        <translation>
            <numerusform>%n Zeilen</numerusform>
            <numerusform>%n Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: the pasted image could not be saved</source>
        <translation>%1: Das eingefügte Bild konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1: Datei nicht gefunden</translation>
    </message>
    <message>
        <source>%1: %2 is larger than the %3 an attachment may have</source>
        <translation>%1: %2 ist größer als die %3, die ein Anhang haben darf</translation>
    </message>
    <message>
        <source>%1: could not be copied to %2 (%3)</source>
        <translation>%1: konnte nicht nach %2 kopiert werden (%3)</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file</source>
        <translation>%1: ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <source>%1: the file could not be read</source>
        <translation>%1: Die Datei konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>read from a copy named %1: the original name (%2) is not UTF-8</source>
        <translation>aus einer Kopie namens %1 gelesen: Der ursprüngliche Name (%2) ist kein UTF-8</translation>
    </message>
    <message>
        <source>%1: could not be stored: %2</source>
        <translation>%1: konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>%1: Cairn cannot read this kind of file (%2)</source>
        <translation>%1: Cairn kann diese Art von Datei nicht lesen (%2)</translation>
    </message>
</context>
<context>
    <name>cairn::app::RepositoryIndexing</name>
    <message>
        <source>1 file</source>
        <translation>1 Datei</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 Dateien</translation>
    </message>
    <message>
        <source>1 symbol</source>
        <translation>1 Symbol</translation>
    </message>
    <message>
        <source>%1 symbols</source>
        <translation>%1 Symbole</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 s</source>
        <translation>%1 · %2 · %3 s</translation>
    </message>
    <message>
        <source>%1: cannot be indexed: the database has no file</source>
        <translation>%1: kann nicht indiziert werden: Die Datenbank hat keine Datei</translation>
    </message>
    <message>
        <source>%1: cannot be indexed: %2</source>
        <translation>%1: kann nicht indiziert werden: %2</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>%1 changed</source>
        <translation>%1 geändert</translation>
    </message>
</context>
<context>
    <name>cairn::ui::AttachmentChip</name>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <source>Attachment %1</source>
        <translation>Anhang %1</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <source>Remove this attachment</source>
        <translation>Diesen Anhang entfernen</translation>
    </message>
</context>
<context>
    <name>cairn::ui::AttachmentChips</name>
    <message>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
</context>
<context>
    <name>cairn::ui::DropHandler</name>
    <message>
        <source>%1: only files and folders on this computer can be dropped</source>
        <translation>%1: Nur Dateien und Ordner auf diesem Rechner können abgelegt werden</translation>
    </message>
    <message>
        <source>%1: a folder whose name is not UTF-8 cannot be indexed; rename it</source>
        <translation>%1: Ein Ordner, dessen Name kein UTF-8 ist, kann nicht indiziert werden; bitte umbenennen</translation>
    </message>
</context>
<context>
    <name>cairn::ui::DropOverlay</name>
    <message>
        <source>Drop area</source>
        <translation>Ablagebereich</translation>
    </message>
    <message>
        <source>Drop files to attach, folders to index</source>
        <translation>Dateien zum Anhängen ablegen, Ordner zum Indizieren</translation>
    </message>
</context>
<context>
    <name>cairn::ui::InputArea</name>
    <message>
        <source>Pasted image</source>
        <translation>Eingefügtes Bild</translation>
    </message>
    <message>
        <source>Waiting until the attachments are read</source>
        <translation>Warten, bis die Anhänge gelesen sind</translation>
    </message>
</context>
<context>
    <name>cairn::ui::MainWindow</name>
    <message>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Cairn</source>
        <translation>Ü&amp;ber Cairn</translation>
    </message>
    <message>
        <source>No conversation yet.
Load a model, then type a message below.</source>
        <translation>Noch keine Unterhaltung.
Laden Sie ein Modell und schreiben Sie unten eine Nachricht.</translation>
    </message>
    <message>
        <source>Message Cairn (Ctrl+Enter to send)</source>
        <translation>Nachricht an Cairn (Strg+Eingabe zum Senden)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>Detecting backends…</source>
        <translation>Backends werden erkannt…</translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Enter)</source>
        <translation>Nachricht senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Load a model to start chatting</source>
        <translation>Laden Sie ein Modell, um zu chatten</translation>
    </message>
    <message>
        <source>About Cairn</source>
        <translation>Über Cairn</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cairn %1&lt;/b&gt;&lt;p&gt;A local, offline assistant and codebase analyst. Nothing leaves this machine.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Cairn %1&lt;/b&gt;&lt;p&gt;Ein lokaler Offline-Assistent und Codebasis-Analysator. Nichts verlässt diesen Rechner.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>cairn::ui::MessageEditor</name>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line, Up edits your last message</source>
        <translation>Eingabe sendet, Umschalt+Eingabe beginnt eine neue Zeile, Pfeil nach oben bearbeitet Ihre letzte Nachricht</translation>
    </message>
    <message>
        <source>Message Cairn… (Enter sends, Shift+Enter for a new line)</source>
        <translation>Nachricht an Cairn… (Eingabe sendet, Umschalt+Eingabe für eine neue Zeile)</translation>
    </message>
</context>
<context>
    <name>cairn::ui::MessageInput</name>
    <message>
        <source>Attach files…</source>
        <translation>Dateien anhängen…</translation>
    </message>
    <message>
        <source>Attach files (Ctrl+O); you can also drop files and folders on the window</source>
        <translation>Dateien anhängen (Strg+O); Sie können Dateien und Ordner auch auf das Fenster ziehen</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop generating</source>
        <translation>Generierung stoppen</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>Antwort stoppen (Esc)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>Senden (Eingabe)</translation>
    </message>
</context>
<context>
    <name>cairn::ui::RepositoryProgress</name>
    <message>
        <source>Repository indexing</source>
        <translation>Repository-Indizierung</translation>
    </message>
    <message>
        <source>Indexing %1</source>
        <translation>%1 wird indiziert</translation>
    </message>
    <message>
        <source>Indexing progress of %1</source>
        <translation>Indizierungsfortschritt von %1</translation>
    </message>
    <message>
        <source>Looking for files…</source>
        <translation>Dateien werden gesucht…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel indexing %1</source>
        <translation>Indizierung von %1 abbrechen</translation>
    </message>
    <message>
        <source>Dismiss %1</source>
        <translation>%1 ausblenden</translation>
    </message>
    <message>
        <source>%1 / %2 files</source>
        <translation>%1 / %2 Dateien</translation>
    </message>
    <message>
        <source>ready · %1</source>
        <translation>bereit · %1</translation>
    </message>
    <message>
        <source>Repository %1 ready</source>
        <translation>Repository %1 bereit</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation type="unfinished">Cairn kann seine Datenbank nicht öffnen</translation>
    </message>
</context>
</TS>

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
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
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

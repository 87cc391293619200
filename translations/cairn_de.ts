<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ConversationList</name>
    <message>
        <source>Pinned</source>
        <translation>Angeheftet</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Previous 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>Älter</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
</context>
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
    <name>cairn::app::ChatPrompt</name>
    <message>
        <source>Could not read the conversation: %1</source>
        <translation>Die Unterhaltung konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The message to answer is gone.</source>
        <translation>Die zu beantwortende Nachricht existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Could not read the attachments: %1</source>
        <translation>Die Anhänge konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Could not read repository %1: %2</source>
        <translation>Repository %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Could not open the database: %1</source>
        <translation>Die Datenbank konnte nicht geöffnet werden: %1</translation>
    </message>
</context>
<context>
    <name>cairn::app::ChatService</name>
    <message>
        <source>1 page</source>
        <translation>1 Seite</translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation>%1 Seiten</translation>
    </message>
    <message>
        <source>1 slide</source>
        <translation>1 Folie</translation>
    </message>
    <message>
        <source>%1 slides</source>
        <translation>%1 Folien</translation>
    </message>
    <message>
        <source>1 line</source>
        <translation>1 Zeile</translation>
    </message>
    <message>
        <source>%1 lines</source>
        <translation>%1 Zeilen</translation>
    </message>
    <message>
        <source>%1 tokens · %2 tok/s · %3 s to first token</source>
        <translation>%1 Token · %2 Token/s · %3 s bis zum ersten Token</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>token limit reached</source>
        <translation>Token-Limit erreicht</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>Kontext voll</translation>
    </message>
    <message>
        <source>stop string</source>
        <translation>Stoppzeichenfolge</translation>
    </message>
    <message>
        <source>A reply is being generated: stop it first.</source>
        <translation>Es wird gerade eine Antwort erzeugt: Halten Sie sie zuerst an.</translation>
    </message>
    <message>
        <source>A model is still loading.</source>
        <translation>Ein Modell wird noch geladen.</translation>
    </message>
    <message>
        <source>No model is loaded: load one on the Models page first.</source>
        <translation>Kein Modell geladen: Laden Sie zuerst eines auf der Seite „Modelle“.</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>Die Nachricht ist leer.</translation>
    </message>
    <message>
        <source>Only a reply in the open conversation can be regenerated.</source>
        <translation>Nur eine Antwort in der geöffneten Unterhaltung kann neu erzeugt werden.</translation>
    </message>
    <message>
        <source>Only your own messages in the open conversation can be edited.</source>
        <translation>Nur Ihre eigenen Nachrichten in der geöffneten Unterhaltung können bearbeitet werden.</translation>
    </message>
</context>
<context>
    <name>cairn::app::ConversationList</name>
    <message>
        <source>A conversation needs a title.</source>
        <translation>Eine Unterhaltung braucht einen Titel.</translation>
    </message>
</context>
<context>
    <name>cairn::app::EngineHost</name>
    <message>
        <source>%1: a reply is being generated; stop it before loading a model</source>
        <translation>%1: Es wird gerade eine Antwort erzeugt; halten Sie sie an, bevor Sie ein Modell laden</translation>
    </message>
    <message>
        <source>A reply is already being generated.</source>
        <translation>Es wird bereits eine Antwort erzeugt.</translation>
    </message>
    <message>
        <source>A model is still loading.</source>
        <translation>Ein Modell wird noch geladen.</translation>
    </message>
    <message>
        <source>No model is loaded: load one on the Models page first.</source>
        <translation>Kein Modell geladen: Laden Sie zuerst eines auf der Seite „Modelle“.</translation>
    </message>
</context>
<context>
    <name>cairn::app::EngineHost::Worker</name>
    <message>
        <source>%1: loading cancelled</source>
        <translation>%1: Laden abgebrochen</translation>
    </message>
    <message>
        <source>%1: no usable tokenizer (%2)</source>
        <translation>%1: kein verwendbarer Tokenizer (%2)</translation>
    </message>
    <message>
        <source>%1: not enough memory for the model and a context of %2 tokens</source>
        <translation>%1: nicht genug Speicher für das Modell und einen Kontext von %2 Token</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Kein Modell geladen.</translation>
    </message>
    <message>
        <source>The prompt is empty.</source>
        <translation>Der Prompt ist leer.</translation>
    </message>
    <message>
        <source>The conversation needs %1 tokens but the context holds %2: start a new conversation or raise the context length.</source>
        <translation>Die Unterhaltung benötigt %1 Token, der Kontext fasst aber nur %2: Beginnen Sie eine neue Unterhaltung oder erhöhen Sie die Kontextlänge.</translation>
    </message>
</context>
<context>
    <name>cairn::app::GenerationSettings</name>
    <message>
        <source>generation settings: %1 must be a number from %2 to %3</source>
        <translation>Generierungseinstellungen: %1 muss eine Zahl von %2 bis %3 sein</translation>
    </message>
    <message>
        <source>generation settings: %1 must be a whole number from %2 to %3</source>
        <translation>Generierungseinstellungen: %1 muss eine ganze Zahl von %2 bis %3 sein</translation>
    </message>
    <message>
        <source>generation settings: not valid JSON (%1 at offset %2)</source>
        <translation>Generierungseinstellungen: kein gültiges JSON (%1 an Position %2)</translation>
    </message>
    <message>
        <source>generation settings: expected a JSON object</source>
        <translation>Generierungseinstellungen: JSON-Objekt erwartet</translation>
    </message>
    <message>
        <source>generation settings: %1 must be text</source>
        <translation>Generierungseinstellungen: %1 muss Text sein</translation>
    </message>
</context>
<context>
    <name>cairn::app::ModelCatalog</name>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Byte</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 Mrd.</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <source>%1 K</source>
        <translation>%1 Tsd.</translation>
    </message>
    <message>
        <source>Cannot save the model folders: %1</source>
        <translation>Die Modellordner können nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>%1: not a readable folder</source>
        <translation>%1: kein lesbarer Ordner</translation>
    </message>
    <message>
        <source>needs %1 for %2 tokens of context</source>
        <translation>benötigt %1 für %2 Token Kontext</translation>
    </message>
    <message>
        <source>needs %1 for %2 tokens of context; %3 is available</source>
        <translation>benötigt %1 für %2 Token Kontext; %3 sind verfügbar</translation>
    </message>
</context>
<context>
    <name>cairn::app::ModelScan</name>
    <message>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>Your folder</source>
        <translation>Ihr Ordner</translation>
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
    <name>cairn::app::SettingsService</name>
    <message>
        <source>setting %1: %2</source>
        <translation>Einstellung %1: %2</translation>
    </message>
    <message>
        <source>setting %1: unknown theme &quot;%2&quot;</source>
        <translation>Einstellung %1: unbekanntes Farbschema „%2“</translation>
    </message>
    <message>
        <source>setting %1: no translation &quot;%2&quot;</source>
        <translation>Einstellung %1: keine Übersetzung „%2“</translation>
    </message>
    <message>
        <source>conversation %1: %2</source>
        <translation>Gespräch %1: %2</translation>
    </message>
    <message>
        <source>conversation %1: its settings are not a JSON object (%2)</source>
        <translation>Gespräch %1: seine Einstellungen sind kein JSON-Objekt (%2)</translation>
    </message>
    <message>
        <source>another JSON value</source>
        <translation>ein anderer JSON-Wert</translation>
    </message>
    <message>
        <source>Cairn has no translation for &quot;%1&quot;</source>
        <translation>Für „%1“ hat Cairn keine Übersetzung</translation>
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
    <name>cairn::ui::ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
</context>
<context>
    <name>cairn::ui::CodeBlockWidget</name>
    <message>
        <source>Code block</source>
        <translation>Codeblock</translation>
    </message>
    <message>
        <source>Code language</source>
        <translation>Programmiersprache</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>Code in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ConversationSidebar</name>
    <message>
        <source>Conversation title</source>
        <translation>Titel der Unterhaltung</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Search (Ctrl+K)</source>
        <translation>Suchen (Strg+K)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>Eine neue Unterhaltung beginnen (Strg+N)</translation>
    </message>
    <message>
        <source>Conversation list</source>
        <translation>Liste der Unterhaltungen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Löschen rückgängig machen</translation>
    </message>
    <message>
        <source>Bring the conversation back (Ctrl+Z)</source>
        <translation>Die Unterhaltung wiederherstellen (Strg+Z)</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Anheften</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Cannot pin the conversation: %1</source>
        <translation>Die Unterhaltung kann nicht angeheftet werden: %1</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>%1, found: %2</source>
        <translation>%1, gefunden: %2</translation>
    </message>
    <message>
        <source>No conversations yet</source>
        <translation>Noch keine Unterhaltungen</translation>
    </message>
    <message>
        <source>No conversation matches</source>
        <translation>Keine Unterhaltung passt</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>“%1” deleted</source>
        <translation>„%1“ gelöscht</translation>
    </message>
    <message>
        <source>Cannot rename the conversation: %1</source>
        <translation>Die Unterhaltung kann nicht umbenannt werden: %1</translation>
    </message>
</context>
<context>
    <name>cairn::ui::DropHandler</name>
    <message>
        <source>%1: only files and folders on this computer can be dropped</source>
        <translation>%1: Nur Dateien und Ordner auf diesem Rechner können abgelegt werden</translation>
    </message>
    <message>
        <source>%1 cannot be indexed: the folder name “%2” is not valid UTF-8; rename it</source>
        <translation>%1 kann nicht indiziert werden: Der Ordnername „%2“ ist kein gültiges UTF-8; bitte umbenennen</translation>
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
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>Detecting backends…</source>
        <translation>Backends werden erkannt…</translation>
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
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <source>&amp;Search conversations</source>
        <translation>Unterhaltungen &amp;durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Focus message input</source>
        <translation>&amp;Eingabefeld fokussieren</translation>
    </message>
    <message>
        <source>S&amp;top reply</source>
        <translation>Antwort &amp;stoppen</translation>
    </message>
    <message>
        <source>Ne&amp;xt conversation</source>
        <translation>&amp;Nächste Unterhaltung</translation>
    </message>
    <message>
        <source>P&amp;revious conversation</source>
        <translation>&amp;Vorherige Unterhaltung</translation>
    </message>
    <message>
        <source>Conversation se&amp;ttings…</source>
        <translation>Einstellungen der &amp;Unterhaltung…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>&amp;Modelle</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Generation speed of the last reply</source>
        <translation>Generierungsgeschwindigkeit der letzten Antwort</translation>
    </message>
    <message>
        <source>Tokens in the context, of the context length</source>
        <translation>Token im Kontext, von der Kontextlänge</translation>
    </message>
    <message>
        <source>Memory used by Cairn</source>
        <translation>Von Cairn belegter Speicher</translation>
    </message>
    <message>
        <source>Context %1 / %2</source>
        <translation>Kontext %1 / %2</translation>
    </message>
    <message>
        <source>Loading model… %1 %</source>
        <translation>Modell wird geladen… %1 %</translation>
    </message>
    <message>
        <source>The model could not be loaded</source>
        <translation>Das Modell konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
    <message>
        <source>Editing your last message: sending it starts a new branch</source>
        <translation>Sie bearbeiten Ihre letzte Nachricht: Senden beginnt einen neuen Zweig</translation>
    </message>
    <message>
        <source>%1 — Cairn</source>
        <translation>%1 — Cairn</translation>
    </message>
    <message>
        <source>%1 · %2 · threads: %3</source>
        <translation>%1 · %2 · Threads: %3</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 Token/s</translation>
    </message>
    <message>
        <source>Memory %1</source>
        <translation>Speicher %1</translation>
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
    <name>cairn::ui::MessageWidget</name>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>Nachricht kopieren</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Write a new reply to the same message</source>
        <translation>Eine neue Antwort auf dieselbe Nachricht schreiben</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Edit the message and send it again as a new branch</source>
        <translation>Nachricht bearbeiten und als neuen Zweig erneut senden</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the message and everything after it</source>
        <translation>Nachricht und alles danach löschen</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>Vorherige Version</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>Nächste Version</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>attachment name and summary</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Attached: %1</source>
        <translation>Angehängt: %1</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>branch position</comment>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Version %1 of %2</source>
        <translation>Version %1 von %2</translation>
    </message>
    <message>
        <source>Generation statistics</source>
        <translation>Generierungsstatistik</translation>
    </message>
    <message>
        <source>Edited message</source>
        <translation>Bearbeitete Nachricht</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send the edited message as a new branch (Ctrl+Enter)</source>
        <translation>Bearbeitete Nachricht als neuen Zweig senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Send edited message</source>
        <translation>Bearbeitete Nachricht senden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Keep the message as it was (Esc)</source>
        <translation>Nachricht unverändert lassen (Esc)</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>Bearbeiten abbrechen</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <source>Your message</source>
        <translation>Ihre Nachricht</translation>
    </message>
    <message>
        <source>Assistant&apos;s reply</source>
        <translation>Antwort des Assistenten</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ModelsPage</name>
    <message>
        <source>Looking for models…</source>
        <translation>Modelle werden gesucht …</translation>
    </message>
    <message numerus="yes">
        <source>%n model file(s) found</source>
        <translation>
            <numerusform>%n Modelldatei gefunden</numerusform>
            <numerusform>%n Modelldateien gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Model search status</source>
        <translation>Status der Modellsuche</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen …</translation>
    </message>
    <message>
        <source>Add a folder with models</source>
        <translation>Einen Ordner mit Modellen hinzufügen</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>Erneut suchen</translation>
    </message>
    <message>
        <source>Look for models again</source>
        <translation>Erneut nach Modellen suchen</translation>
    </message>
    <message>
        <source>Look for models again (F5)</source>
        <translation>Erneut nach Modellen suchen (F5)</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Quantisation</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>Experten</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>Dateigröße</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Model details</source>
        <translation>Modelldetails</translation>
    </message>
    <message>
        <source>Context length in tokens</source>
        <translation>Kontextlänge in Token</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <source>Memory estimate</source>
        <translation>Speicherschätzung</translation>
    </message>
    <message>
        <source>&amp;Context length:</source>
        <translation>&amp;Kontextlänge:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Speicher:</translation>
    </message>
    <message>
        <source>Model message</source>
        <translation>Modellmeldung</translation>
    </message>
    <message>
        <source>Loaded model</source>
        <translation>Geladenes Modell</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Laden</translation>
    </message>
    <message>
        <source>Load the selected model</source>
        <translation>Ausgewähltes Modell laden</translation>
    </message>
    <message>
        <source>Load the selected model (Enter)</source>
        <translation>Ausgewähltes Modell laden (Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Unload</source>
        <translation>&amp;Entladen</translation>
    </message>
    <message>
        <source>Unload the model</source>
        <translation>Modell entladen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel loading</source>
        <translation>Laden abbrechen</translation>
    </message>
    <message>
        <source>Cancel loading (Esc)</source>
        <translation>Laden abbrechen (Esc)</translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation>Ladefortschritt</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>%1 (%2 active)</source>
        <translation>%1 (%2 aktiv)</translation>
    </message>
    <message>
        <source>%1 cannot be loaded: %2</source>
        <translation>%1 kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>%1 cannot be loaded: it is split into %2 files and Cairn reads single-file models. Merge the parts with llama-gguf-split --merge.</source>
        <translation>%1 kann nicht geladen werden: Das Modell ist auf %2 Dateien aufgeteilt, Cairn liest aber nur Modelle aus einer einzigen Datei. Führen Sie die Teile mit llama-gguf-split --merge zusammen.</translation>
    </message>
    <message>
        <source>%1 cannot be loaded: its architecture “%2” is not supported by this version of Cairn yet.</source>
        <translation>%1 kann nicht geladen werden: Die Architektur „%2“ wird von dieser Version von Cairn noch nicht unterstützt.</translation>
    </message>
    <message>
        <source>%1 is too big for the memory available: it %2. Choose a shorter context or a smaller model.</source>
        <translation>%1 ist zu groß für den verfügbaren Speicher: Es %2. Wählen Sie einen kürzeren Kontext oder ein kleineres Modell.</translation>
    </message>
    <message>
        <source>No models found. Put GGUF files in %1, or add a folder that holds them.</source>
        <translation>Keine Modelle gefunden. Legen Sie GGUF-Dateien in %1 ab oder fügen Sie einen Ordner hinzu, der welche enthält.</translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation>Wählen Sie ein Modell aus, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Modellname</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>%1 routed, %2 active per token, %3 shared</source>
        <translation>%1 geroutet, %2 aktiv pro Token, %3 gemeinsam</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>Trainierter Kontext</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Token</translation>
    </message>
    <message>
        <source>No estimate: Cairn cannot run this model.</source>
        <translation>Keine Schätzung: Cairn kann dieses Modell nicht ausführen.</translation>
    </message>
    <message>
        <source>Weights %1 + KV cache %2 + working memory %3 = %4
%5</source>
        <translation>Gewichte %1 + KV-Cache %2 + Arbeitsspeicher %3 = %4
%5</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen …</translation>
    </message>
    <message>
        <source>Loaded: %1 · %2 · %3 tokens of context</source>
        <translation>Geladen: %1 · %2 · %3 Token Kontext</translation>
    </message>
    <message>
        <source>%1 is loaded.</source>
        <translation>%1 ist geladen.</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>Das Laden von %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>%1 could not be loaded: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ProseBlock</name>
    <message>
        <source>Message text</source>
        <translation>Nachrichtentext</translation>
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
    <name>cairn::ui::SettingsDialog</name>
    <message>
        <source>Conversation Settings</source>
        <translation>Gesprächseinstellungen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Einstellungsseiten</translation>
    </message>
    <message>
        <source>&amp;Generation</source>
        <translation>&amp;Generierung</translation>
    </message>
    <message>
        <source>Appeara&amp;nce</source>
        <translation>&amp;Darstellung</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>Standardwerte wiederherstellen</translation>
    </message>
    <message>
        <source>Use the profile&apos;s defaults for every field of this conversation</source>
        <translation>Für jedes Feld dieses Gesprächs die Standardwerte des Profils verwenden</translation>
    </message>
    <message>
        <source>Put Cairn&apos;s built-in values back on the page shown</source>
        <translation>Auf der angezeigten Seite die eingebauten Werte von Cairn wiederherstellen</translation>
    </message>
    <message>
        <source>Instructions the model reads before every conversation</source>
        <translation>Anweisungen, die das Modell vor jedem Gespräch liest</translation>
    </message>
    <message>
        <source>&amp;System prompt:</source>
        <translation>&amp;Systemprompt:</translation>
    </message>
    <message>
        <source>Text given to the model as its first, system turn</source>
        <translation>Text, den das Modell als ersten Beitrag (System) erhält</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <source>Randomness of the reply: 0 always takes the most likely token, higher values vary more</source>
        <translation>Zufälligkeit der Antwort: 0 nimmt immer das wahrscheinlichste Token, höhere Werte variieren mehr</translation>
    </message>
    <message>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p:</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities add up to this (1 = off)</source>
        <translation>Nur aus den wahrscheinlichsten Tokens wählen, deren Wahrscheinlichkeiten zusammen diesen Wert erreichen (1 = aus)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Top-&amp;k:</source>
        <translation>Top-&amp;k:</translation>
    </message>
    <message>
        <source>Sample only from this many of the most likely tokens (0 = off)</source>
        <translation>Nur aus so vielen der wahrscheinlichsten Tokens wählen (0 = aus)</translation>
    </message>
    <message>
        <source>M&amp;in-p:</source>
        <translation>M&amp;in-p:</translation>
    </message>
    <message>
        <source>Drop tokens less likely than this fraction of the most likely one (0 = off)</source>
        <translation>Tokens verwerfen, die weniger wahrscheinlich sind als dieser Anteil des wahrscheinlichsten (0 = aus)</translation>
    </message>
    <message>
        <source>&amp;Repeat penalty:</source>
        <translation>&amp;Wiederholungsstrafe:</translation>
    </message>
    <message>
        <source>Makes tokens that already appeared less likely (1 = off)</source>
        <translation>Macht bereits vorgekommene Tokens unwahrscheinlicher (1 = aus)</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Max tok&amp;ens:</source>
        <translation>Max. Tok&amp;ens:</translation>
    </message>
    <message>
        <source>Longest reply in tokens; Unlimited stops when the model ends its turn or the context is full</source>
        <translation>Längste Antwort in Tokens; Unbegrenzt endet, wenn das Modell seinen Beitrag beendet oder der Kontext voll ist</translation>
    </message>
    <message>
        <source>Conte&amp;xt length:</source>
        <translation>Konte&amp;xtlänge:</translation>
    </message>
    <message>
        <source>Tokens the conversation can hold (prompt and replies); more needs more memory. Takes effect when the model is next loaded</source>
        <translation>Tokens, die das Gespräch fassen kann (Prompt und Antworten); mehr braucht mehr Speicher. Gilt ab dem nächsten Laden des Modells</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>T&amp;hreads:</source>
        <translation>T&amp;hreads:</translation>
    </message>
    <message>
        <source>CPU threads used for generation (Automatic: one per core)</source>
        <translation>CPU-Threads für die Generierung (Automatisch: einer pro Kern)</translation>
    </message>
    <message>
        <source>Use default</source>
        <translation>Standardwert</translation>
    </message>
    <message>
        <source>Use default for %1</source>
        <translation>Standardwert für %1</translation>
    </message>
    <message>
        <source>Take %1 from the profile&apos;s defaults instead of setting it for this conversation</source>
        <translation>%1 aus den Standardwerten des Profils übernehmen, statt es für dieses Gespräch festzulegen</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Light or dark colours, or whichever the desktop prefers</source>
        <translation>Helle oder dunkle Farben, oder was der Desktop bevorzugt</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The language of Cairn&apos;s menus and messages</source>
        <translation>Die Sprache der Menüs und Meldungen von Cairn</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>The new language is used when Cairn next starts.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von Cairn.</translation>
    </message>
    <message>
        <source>Language note</source>
        <translation>Hinweis zur Sprache</translation>
    </message>
    <message>
        <source>The settings could not be saved.</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>%1: enter a number from %2 to %3.</source>
        <translation>%1: Geben Sie eine Zahl von %2 bis %3 ein.</translation>
    </message>
    <message>
        <source>%1: enter a whole number from %2 to %3.</source>
        <translation>%1: Geben Sie eine ganze Zahl von %2 bis %3 ein.</translation>
    </message>
    <message>
        <source>Max tokens (%1) must be smaller than the context length (%2): the prompt needs room too.</source>
        <translation>Max. Tokens (%1) muss kleiner als die Kontextlänge (%2) sein: Auch der Prompt braucht Platz.</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ThinkBlock</name>
    <message>
        <source>Reasoning</source>
        <translation>Denkprozess</translation>
    </message>
    <message>
        <source>Show or hide the reasoning</source>
        <translation>Denkprozess ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Reasoning text</source>
        <translation>Text des Denkprozesses</translation>
    </message>
    <message>
        <source>Reasoning…</source>
        <translation>Denkt nach …</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation>Cairn kann seine Datenbank nicht öffnen</translation>
    </message>
</context>
</TS>

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
    <name>main</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation type="unfinished">Cairn kann seine Datenbank nicht öffnen</translation>
    </message>
</context>
</TS>

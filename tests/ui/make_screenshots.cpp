// SPDX-License-Identifier: MIT
// make_screenshots: renders the README's screenshots of the real window (scripts/screenshots runs
// it under Xvfb): the empty window, a conversation with code and a table, the models page, a drag
// in progress, the German and Chinese UIs and the dark theme. Everything lives in a temporary
// home: synthetic models (our own make-model weights, so the replies shown are written here, not
// generated) and a database seeded with conversations.

#include "app/services/app_services.h"
#include "app/services/chat_service.h"
#include "app/services/engine_host.h"
#include "app/services/model_catalog.h"
#include "app/services/settings_service.h"
#include "engine/api/synthetic_model.h"
#include "storage/conversation_store.h"
#include "storage/database.h"
#include "ui/main_window.h"
#include "ui/models_page.h"
#include "ui/theme.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

namespace storage = cairn::storage;

constexpr int kWidth = 1280;
constexpr int kHeight = 800;

/// Runs the event loop for `ms` milliseconds so that layouts, scans and repaints settle.
void settle(int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool waitFor(QSignalSpy& spy, int ms)
{
    return !spy.isEmpty() || spy.wait(ms);
}

const char* const kQuestion = "How do I read a file line by line in C++ and count the words? "
                              "Compare the options in a table.";

const char* const kAnswer
    = "<think>\nThe user wants line-by-line reading and a word count. std::getline with an "
      "istringstream is the plain answer; mention the alternatives.\n</think>\n"
      "Read with `std::getline` and split each line with a string stream:\n\n"
      "```cpp\n"
      "#include <fstream>\n"
      "#include <sstream>\n"
      "#include <string>\n\n"
      "// Counts whitespace-separated words in the file at `path`.\n"
      "std::size_t countWords(const std::string& path)\n"
      "{\n"
      "    std::ifstream in(path);\n"
      "    std::size_t words = 0;\n"
      "    for (std::string line; std::getline(in, line);) {\n"
      "        std::istringstream split(line);\n"
      "        for (std::string word; split >> word;)\n"
      "            ++words;\n"
      "    }\n"
      "    return words;\n"
      "}\n"
      "```\n\n"
      "| Approach | Memory | Speed | Notes |\n"
      "|---|---|---|---|\n"
      "| `std::getline` + `istringstream` | one line | good | simplest, handles any line length |\n"
      "| read whole file into a `std::string` | whole file | best | fine below a few hundred MB |\n"
      "| `mmap` + manual scan | none copied | best | POSIX only, most code |\n\n"
      "For **very large files** prefer the first approach; see "
      "[cppreference](https://en.cppreference.com/w/cpp/string/basic_string/getline).";

storage::ImportedMessage importedMessage(std::optional<std::size_t> parent, storage::Role role, const char* text,
                                         std::int64_t createdMs, const char* stats = "{}")
{
    storage::ImportedMessage message;
    message.parentIndex = parent;
    message.role = role;
    message.content = text;
    message.createdMs = createdMs;
    message.statsJson = stats;
    return message;
}

/// A few conversations over the last weeks, the newest the one with code and a table.
std::optional<std::int64_t> seedConversations(storage::Database& db)
{
    storage::ConversationStore store(db);
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    constexpr std::int64_t kDay = 24LL * 3600 * 1000;
    const struct {
        const char* title;
        const char* question;
        const char* answer;
        std::int64_t age;
        bool pinned;
    } older[] = {
        {"Release checklist", "What should a release checklist for a desktop app hold?",
         "Version bump, changelog, translations, packaging checks, a clean build from a fresh clone.", 40 * kDay, true},
        {"Explain MLA attention", "What does multi-head latent attention cache?",
         "Only the compressed latent vector and the shared rope key per token.", 9 * kDay, false},
        {"SQLite WAL mode", "Why use WAL for a desktop app?",
         "Readers never block the writer, and commits are cheaper.", 3 * kDay, false},
        {"Regex for ISO dates", "A regex for 2026-11-24?", "`\\d{4}-\\d{2}-\\d{2}` checks the shape only.", kDay,
         false},
    };
    for (const auto& entry : older) {
        storage::ImportedConversation conversation;
        conversation.title = entry.title;
        conversation.createdMs = now - entry.age;
        conversation.updatedMs = now - entry.age;
        conversation.pinned = entry.pinned;
        conversation.messages.push_back(importedMessage({}, storage::Role::User, entry.question, now - entry.age));
        conversation.messages.push_back(
            importedMessage(std::size_t{0}, storage::Role::Assistant, entry.answer, now - entry.age));
        conversation.activeIndex = 1;
        if (!store.importConversation(conversation))
            return std::nullopt;
    }
    storage::ImportedConversation code;
    code.title = "Counting words in C++";
    code.createdMs = now - 60'000;
    code.updatedMs = now - 30'000;
    code.messages.push_back(importedMessage({}, storage::Role::User, kQuestion, now - 60'000));
    code.messages.push_back(importedMessage(
        std::size_t{0}, storage::Role::Assistant, kAnswer, now - 30'000,
        R"({"generatedTokens":312,"promptTokens":41,"prefillSeconds":0.05,"decodeSeconds":2.1,"stopReason":"end-of-text"})"));
    code.activeIndex = 1;
    storage::Result<storage::Conversation> stored = store.importConversation(code);
    if (!stored)
        return std::nullopt;
    return stored.value().id;
}

bool writeModel(const QString& path, const char* type)
{
    cairn::SyntheticModelOptions options;
    options.out = path.toStdString();
    options.type = type;
    return cairn::writeSyntheticModel(options).ok();
}

/// A copy of `from` that names the V4 architecture: listed by the catalog, refused as unsupported.
bool writeUnsupportedModel(const QString& from, const QString& to)
{
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly))
        return false;
    QByteArray bytes = in.readAll();
    const qsizetype at = bytes.indexOf("deepseek2");
    if (at < 0)
        return false;
    bytes.replace(at, 9, "deepseek4");
    QFile out(to);
    return out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size();
}

class Shooter {
public:
    Shooter(QString outDir, QString home, QString modelPath)
        : m_outDir(std::move(outDir)), m_home(std::move(home)), m_modelPath(std::move(modelPath))
    {
    }

    bool open(storage::Database& db, cairn::app::ThemeChoice theme, const QString& language)
    {
        if (!language.isEmpty()) {
            QLocale::setDefault(QLocale(language));
            if (!m_translator.load(QLocale(language), QStringLiteral("cairn"), QStringLiteral("_"),
                                   QStringLiteral(":/i18n")))
                return fail(QStringLiteral("no translation for ") + language);
            QApplication::installTranslator(&m_translator);
        }
        m_services = std::make_unique<cairn::app::AppServices>(db);
        m_theme = std::make_unique<cairn::ui::Theme>();
        m_theme->setChoice(theme);
        m_window = std::make_unique<cairn::ui::MainWindow>(*m_services);
        m_window->resize(kWidth, kHeight);
        m_window->show();
        settle(300);
        return true;
    }

    bool loadModel()
    {
        QSignalSpy loaded(&m_services->engine(), &cairn::app::EngineHost::modelLoaded);
        cairn::app::ModelLoadOptions options;
        options.path = m_modelPath;
        options.threads = 1;
        options.contextLength = 4096;
        m_services->engine().loadModel(options);
        return waitFor(loaded, 60'000) || fail(QStringLiteral("the model did not load"));
    }

    void showConversation(std::int64_t id)
    {
        m_services->chat().openConversation(id);
        settle(500);
    }

    bool showModels()
    {
        QSignalSpy scanned(&m_services->models(), &cairn::app::ModelCatalog::scanFinished);
        m_window->showModelsPage(true);
        m_services->models().rescan();
        if (!waitFor(scanned, 30'000))
            return fail(QStringLiteral("the model scan did not finish"));
        auto* page = m_window->findChild<cairn::ui::ModelsPage*>(QStringLiteral("modelsPage"));
        if (page == nullptr || !page->selectModel(m_modelPath))
            return fail(QStringLiteral("the models page does not list ") + m_modelPath);
        settle(300);
        return true;
    }

    /// Hovers a drag of an image and a folder over the window, as a file manager would.
    void startDrag()
    {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_home + QStringLiteral("/diagram.png")),
                      QUrl::fromLocalFile(m_home + QStringLiteral("/project"))});
        const QPoint at(kWidth / 2, kHeight / 2);
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window.get(), &enter);
        QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window.get(), &move);
        settle(200);
    }

    bool save(const QString& name)
    {
        const QString path = m_outDir + QLatin1Char('/') + name + QStringLiteral(".png");
        if (!m_window->grab().save(path))
            return fail(QStringLiteral("cannot write ") + path);
        std::printf("wrote %s\n", qPrintable(path));
        return true;
    }

    void close()
    {
        m_window.reset();
        m_theme.reset();
        m_services.reset();
        QApplication::removeTranslator(&m_translator);
        QLocale::setDefault(QLocale::c());
        settle(100);
    }

    static bool fail(const QString& why)
    {
        std::fprintf(stderr, "make_screenshots: %s\n", qPrintable(why));
        return false;
    }

    /// Reports `why` and gives `status`, for main's early exits.
    static int failWith(const QString& why, int status)
    {
        fail(why);
        return status;
    }

private:
    QString m_outDir;
    QString m_home;
    QString m_modelPath;
    QTranslator m_translator;
    std::unique_ptr<cairn::app::AppServices> m_services;
    std::unique_ptr<cairn::ui::Theme> m_theme;
    std::unique_ptr<cairn::ui::MainWindow> m_window;
};

} // namespace

int main(int argc, char* argv[])
{
    // The window, the model catalog and QSettings look under the home folder: a temporary one.
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qputenv("HOME", home.path().toUtf8());
    qputenv("XDG_DATA_HOME", (home.path() + QStringLiteral("/data")).toUtf8());
    qputenv("XDG_CONFIG_HOME", (home.path() + QStringLiteral("/config")).toUtf8());
    qputenv("XDG_CACHE_HOME", (home.path() + QStringLiteral("/cache")).toUtf8());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Cairn"));
    QApplication::setOrganizationName(QStringLiteral("Cairn"));
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_screenshots OUT_DIR\n");
        return 2;
    }
    const QString outDir = QString::fromLocal8Bit(argv[1]);
    if (!QDir().mkpath(outDir))
        return Shooter::failWith(QStringLiteral("cannot create ") + outDir, 1);

    const QString models = home.path() + QStringLiteral("/data/cairn/models");
    QDir().mkpath(models);
    QDir().mkpath(home.path() + QStringLiteral("/project"));
    QImage diagram(64, 64, QImage::Format_RGB32);
    diagram.fill(Qt::darkCyan);
    const QString modelPath = models + QStringLiteral("/deepseek2-synthetic-q8_0.gguf");
    if (!diagram.save(home.path() + QStringLiteral("/diagram.png")) || !writeModel(modelPath, "q8_0")
        || !writeModel(models + QStringLiteral("/deepseek2-synthetic-q4_K.gguf"), "q4_K")
        || !writeUnsupportedModel(modelPath, models + QStringLiteral("/deepseek4-synthetic.gguf")))
        return Shooter::failWith(QStringLiteral("cannot write the synthetic models"), 1);

    storage::Result<storage::Database> opened
        = storage::Database::open((home.path() + QStringLiteral("/cairn.db")).toStdString());
    if (!opened)
        return Shooter::failWith(QStringLiteral("cannot open the database"), 1);
    storage::Database db = std::move(opened).value();
    const std::optional<std::int64_t> codeConversation = seedConversations(db);
    if (!codeConversation)
        return Shooter::failWith(QStringLiteral("cannot seed the conversations"), 1);

    using cairn::app::ThemeChoice;
    Shooter shooter(outDir, home.path(), modelPath);
    bool ok = shooter.open(db, ThemeChoice::Light, {}) && shooter.save(QStringLiteral("empty"));
    ok = ok && shooter.loadModel();
    if (ok) {
        shooter.showConversation(*codeConversation);
        ok = shooter.save(QStringLiteral("conversation"));
    }
    if (ok) {
        shooter.startDrag();
        ok = shooter.save(QStringLiteral("drop"));
    }
    shooter.close();
    ok = ok && shooter.open(db, ThemeChoice::Light, {}) && shooter.loadModel() && shooter.showModels()
        && shooter.save(QStringLiteral("models"));
    shooter.close();
    const struct {
        ThemeChoice theme;
        const char* language;
        const char* name;
    } variants[] = {{ThemeChoice::Dark, "", "dark"},
                    {ThemeChoice::Light, "de", "german"},
                    {ThemeChoice::Light, "zh_CN", "chinese"}};
    for (const auto& variant : variants) {
        if (!ok)
            break;
        ok = shooter.open(db, variant.theme, QString::fromLatin1(variant.language)) && shooter.loadModel();
        if (ok) {
            shooter.showConversation(*codeConversation);
            ok = shooter.save(QString::fromLatin1(variant.name));
        }
        shooter.close();
    }
    return ok ? 0 : 1;
}

// SPDX-License-Identifier: MIT
// The start-up database dialog, built offscreen: which buttons each problem offers, what the text
// names, and that the answer follows the button clicked.

#include "ui/database_problem_dialog.h"

#include <QAbstractButton>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QtTest>

using cairn::app::DatabaseChoice;
using cairn::app::DatabaseProblem;

Q_DECLARE_METATYPE(cairn::app::DatabaseProblem::Kind)

namespace {

DatabaseProblem problemOf(DatabaseProblem::Kind kind)
{
    DatabaseProblem problem;
    problem.kind = kind;
    problem.path = QStringLiteral("/home/ana/.local/share/cairn/cairn.db");
    problem.detail = kind == DatabaseProblem::Kind::TooNew
        ? QStringLiteral("schema version 9 was written by a newer Cairn; this Cairn knows schema versions up to 3")
        : QStringLiteral("not a SQLite database (no SQLite header)");
    problem.appSchemaVersion = 3;
    return problem;
}

QStringList buttonNames(const QMessageBox& box)
{
    QStringList names;
    for (const QAbstractButton* button : box.buttons())
        names.append(button->objectName());
    names.sort();
    return names;
}

} // namespace

class TestDatabaseProblemDialog : public QObject {
    Q_OBJECT
private slots:
    void offersMoveAsideOnlyForUnusableFiles_data();
    void offersMoveAsideOnlyForUnusableFiles();
    void answerFollowsTheClickedButton_data();
    void answerFollowsTheClickedButton();
};

void TestDatabaseProblemDialog::offersMoveAsideOnlyForUnusableFiles_data()
{
    QTest::addColumn<DatabaseProblem::Kind>("kind");
    QTest::addColumn<QStringList>("buttons");
    QTest::addColumn<QString>("namedInText");
    QTest::newRow("unusable") << DatabaseProblem::Kind::Unusable << QStringList{"moveAside", "quit"}
                              << "not a SQLite database (no SQLite header)";
    QTest::newRow("newer") << DatabaseProblem::Kind::TooNew << QStringList{"quit"}
                           << "schema version 9 was written by a newer Cairn";
    QTest::newRow("unreadable") << DatabaseProblem::Kind::Unreadable << QStringList{"quit"}
                                << "not a SQLite database (no SQLite header)";
}

void TestDatabaseProblemDialog::offersMoveAsideOnlyForUnusableFiles()
{
    QFETCH(DatabaseProblem::Kind, kind);
    QFETCH(QStringList, buttons);
    QFETCH(QString, namedInText);
    const DatabaseProblem problem = problemOf(kind);
    const auto box = cairn::ui::makeDatabaseProblemBox(problem);
    QCOMPARE(buttonNames(*box), buttons);
    QVERIFY(box->text().contains(problem.path));
    QVERIFY2(box->text().contains(namedInText), qPrintable(box->text()));
    QCOMPARE(box->defaultButton()->objectName(), QStringLiteral("quit"));
    QCOMPARE(box->escapeButton()->objectName(), QStringLiteral("quit"));
    if (kind == DatabaseProblem::Kind::TooNew)
        QVERIFY2(box->informativeText().contains(QStringLiteral("up to 3")), qPrintable(box->informativeText()));
}

void TestDatabaseProblemDialog::answerFollowsTheClickedButton_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<DatabaseChoice>("expected");
    QTest::newRow("move aside") << "moveAside" << DatabaseChoice::MoveAsideAndStartFresh;
    QTest::newRow("quit") << "quit" << DatabaseChoice::Quit;
}

void TestDatabaseProblemDialog::answerFollowsTheClickedButton()
{
    QFETCH(QString, button);
    QFETCH(DatabaseChoice, expected);
    QObject guard;
    QTimer::singleShot(0, &guard, [button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box != nullptr);
        auto* target = box->findChild<QAbstractButton*>(button);
        QVERIFY(target != nullptr);
        target->click();
    });
    QCOMPARE(cairn::ui::askAboutDatabase(problemOf(DatabaseProblem::Kind::Unusable)), expected);
}

QTEST_MAIN(TestDatabaseProblemDialog)
#include "tst_database_problem_dialog.moc"

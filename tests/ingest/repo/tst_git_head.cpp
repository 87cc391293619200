// SPDX-License-Identifier: MIT
// gitHeadCommit: the commit id of a work tree's HEAD (also from a subfolder), empty for an unborn
// HEAD and for a folder outside any work tree.

#include "ingest/repo/git_head.h"

#include <QtTest>

#include <git2.h>

namespace {

void writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

/// Commits every file under `root` (a new repository) and returns the commit's hex id.
QString commitAll(git_repository* repo)
{
    git_index* index = nullptr;
    git_oid tree = {};
    git_oid commit = {};
    git_tree* treeObject = nullptr;
    git_signature* author = nullptr;
    QString id;
    if (git_repository_index(&index, repo) == 0 && git_index_add_all(index, nullptr, 0, nullptr, nullptr) == 0
        && git_index_write(index) == 0 && git_index_write_tree(&tree, index) == 0
        && git_tree_lookup(&treeObject, repo, &tree) == 0
        && git_signature_new(&author, "Cairn Test", "test@cairn.invalid", 1'600'000'000, 0) == 0
        && git_commit_create_v(&commit, repo, "HEAD", author, author, nullptr, "first", treeObject, 0) == 0) {
        char hex[GIT_OID_HEXSZ + 1] = {};
        git_oid_tostr(hex, sizeof hex, &commit);
        id = QString::fromLatin1(hex);
    }
    git_signature_free(author);
    git_tree_free(treeObject);
    git_index_free(index);
    return id;
}

} // namespace

class TestGitHead : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(git_libgit2_init() > 0); }
    void cleanupTestCase() { git_libgit2_shutdown(); }
    void headOfWorkTreeAndSubfolder();
    void emptyOutsideWorkTreeAndBeforeFirstCommit();
};

void TestGitHead::headOfWorkTreeAndSubfolder()
{
    QTemporaryDir dir;
    writeFile(dir.path() + "/src/main.c", "int main(void) { return 0; }\n");
    git_repository* repo = nullptr;
    QCOMPARE(git_repository_init(&repo, QFile::encodeName(dir.path()).constData(), 0), 0);
    const QString expected = commitAll(repo);
    git_repository_free(repo);
    QCOMPARE(expected.size(), 40);
    QCOMPARE(cairn::ingest::gitHeadCommit(dir.path()), expected);
    QCOMPARE(cairn::ingest::gitHeadCommit(dir.path() + "/src"), expected);
}

void TestGitHead::emptyOutsideWorkTreeAndBeforeFirstCommit()
{
    QTemporaryDir plain;
    QVERIFY(cairn::ingest::gitHeadCommit(plain.path()).isEmpty());
    QVERIFY(cairn::ingest::gitHeadCommit(plain.path() + "/missing").isEmpty());

    QTemporaryDir unborn;
    git_repository* repo = nullptr;
    QCOMPARE(git_repository_init(&repo, QFile::encodeName(unborn.path()).constData(), 0), 0);
    git_repository_free(repo);
    QVERIFY(cairn::ingest::gitHeadCommit(unborn.path()).isEmpty());
}

QTEST_GUILESS_MAIN(TestGitHead)
#include "tst_git_head.moc"

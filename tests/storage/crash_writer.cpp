// SPDX-License-Identifier: MIT
// Child process of tst_crash_safety: opens a database, writes a user message, then streams a long
// reply through ReplyWriter, printing each durable step (crash_protocol.h) until it is killed.
// Usage: crash_writer DB COMMIT_INTERVAL_MS PIECE_INTERVAL_US

#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/reply_writer.h"
#include "tests/storage/crash_protocol.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

long long steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int fail(const cairn::storage::Error& error)
{
    std::fprintf(stderr, "crash_writer: %s\n", error.message().c_str());
    return 1;
}

} // namespace

int main(int argc, char* argv[])
{
    using namespace cairn::storage;
    if (argc != 4) {
        std::fprintf(stderr, "usage: crash_writer DB COMMIT_INTERVAL_MS PIECE_INTERVAL_US\n");
        return 2;
    }
    const std::chrono::milliseconds commitInterval(std::atoll(argv[2]));
    const std::chrono::microseconds pieceInterval(std::atoll(argv[3]));
    std::setvbuf(stdout, nullptr, _IONBF, 0); // every line reaches the pipe before the next step

    Result<Database> db = Database::open(argv[1]);
    if (!db)
        return fail(db.error());
    ConversationStore store(db.value());
    NewConversation fresh;
    fresh.title = "crash test";
    Result<Conversation> conversation = store.createConversation(fresh);
    if (!conversation)
        return fail(conversation.error());
    std::printf("conversation %lld\n", static_cast<long long>(conversation.value().id));

    NewMessage question;
    question.content = cairn::crashtest::userText(conversation.value().id);
    Result<Message> user = store.appendMessage(conversation.value().id, question);
    if (!user)
        return fail(user.error());
    std::printf("user %lld\n", static_cast<long long>(user.value().id));

    Result<std::int64_t> reply = store.beginReply(conversation.value().id, user.value().id);
    if (!reply)
        return fail(reply.error());
    std::printf("reply %lld %lld\n", static_cast<long long>(reply.value()), steadyNs());

    ReplyWriter writer(store, reply.value(), {}, commitInterval);
    for (std::int64_t i = 0; i < 10'000'000; ++i) {
        Result<bool> committed = writer.append(cairn::crashtest::replyPiece(i));
        if (!committed)
            return fail(committed.error());
        if (committed.value())
            std::printf("commit %zu %lld\n", writer.committedSize(), steadyNs());
        std::this_thread::sleep_for(pieceInterval);
    }
    Status finished = writer.finish({});
    if (!finished)
        return fail(finished.error());
    std::printf("finished\n");
    return 0;
}

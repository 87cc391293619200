// SPDX-License-Identifier: MIT
// Reads the shared conformance fixtures: tokens.txt (comma-separated ids) and logits.txt
// (`POS ARGMAX l0 ... l(V-1)` per line).
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cairn::test {

struct FixtureRow {
    int position = 0;
    int argmax = 0;
    std::vector<double> logits;
};

inline std::vector<std::int32_t> readFixtureTokens(const std::string& path)
{
    std::ifstream in(path);
    std::vector<std::int32_t> tokens;
    std::string item;
    while (std::getline(in, item, ','))
        tokens.push_back(std::stoi(item));
    return tokens;
}

inline std::vector<FixtureRow> readFixtureLogits(const std::string& path)
{
    std::ifstream in(path);
    std::vector<FixtureRow> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        FixtureRow row;
        if (!(fields >> row.position >> row.argmax))
            continue;
        double value = 0.0;
        while (fields >> value)
            row.logits.push_back(value);
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace cairn::test

#include "store/migrations.h"

namespace vb {

std::vector<std::string> splitStatements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  size_t lineStart = 0;
  while (lineStart < sql.size()) {
    size_t lineEnd = sql.find('\n', lineStart);
    if (lineEnd == std::string::npos) lineEnd = sql.size();
    std::string line = sql.substr(lineStart, lineEnd - lineStart);
    lineStart = lineEnd + 1;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    const auto last = line.find_last_not_of(" \t\r");
    current += line.substr(0, last + 1);
    if (line[last] == ';') {
      current.pop_back();
      statements.push_back(current);
      current.clear();
    } else {
      current += '\n';
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(current);
  return statements;
}

}  // namespace vb

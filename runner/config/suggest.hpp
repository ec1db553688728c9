// Did-you-mean for the step file: the known key, table or value nearest to a misspelt one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobwait::config {

// " (did you mean \"cce\"?)", or "" without a suggestion: ready to append to a message.
std::string did_you_mean(const std::optional<std::string>& suggestion);

// An unknown key in the file: a near name in the same table (or a table, at the top level),
// else a near key in another table, named in full ("tiemout" under [job] is "wait.timeout").
std::optional<std::string> suggest_key(std::string_view table, std::string_view leaf);

// An unknown --set key: a near dotted name, else a near last part.
std::optional<std::string> suggest_dotted(std::string_view name);

}  // namespace jobwait::config

// The small Unix tools students pipe into: grep, head, tail, wc, cat, echo, env, hostname, sort.
#pragma once

#include <string>
#include <vector>

#include "exec_context.h"

namespace vethlab::shell {

int runGrep(const std::vector<std::string>& argv, const std::string& in, Streams& io);
int runHeadTail(const std::vector<std::string>& argv, const std::string& in, Streams& io, bool head);
int runWc(const std::vector<std::string>& argv, const std::string& in, Streams& io);
int runSort(const std::vector<std::string>& argv, const std::string& in, Streams& io);
int runEcho(const std::vector<std::string>& argv, Streams& io);

class CommandRegistry;
void addTextFilters(CommandRegistry& r); // text_filters.cpp: cut tr uniq
void addXargs(CommandRegistry& r);       // xargs_tool.cpp
void addAwk(CommandRegistry& r);         // awk_tool.cpp: the one-liners of tutorials

} // namespace vethlab::shell

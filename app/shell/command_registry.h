// The programs the terminal runs, by name: one runner per program, registered by tool family.
#pragma once

#include <initializer_list>
#include <map>
#include <string>

#include "exec_context.h"

namespace vethlab::shell {

class CommandRegistry {
public:
    /// Registers `run` under each of `names` (a program's base name: "ip", "ifconfig").
    void add(std::initializer_list<const char*> names, const CommandRunner& run);
    /// The runner of `prog` (a base name), or nullptr when no family has it.
    const CommandRunner* find(const std::string& prog) const;

private:
    std::map<std::string, CommandRunner, std::less<>> runners_;
};

/// A network tool the images have but vethlab does not simulate yet: says so in one line, status 127.
int runMissingTool(const std::string& prog, Streams& io);
/// The shell's "command not found" (bash, sh, zsh each their way) for a program that is not there: 127.
int commandNotFound(const ExecContext& ctx, const std::string& name, Streams& io);

/// Every family below, once.
const CommandRegistry& standardCommands();

// The families, each in its own file.
void addShellBuiltins(CommandRegistry& r); // shell_builtins.cpp: echo true false clear pwd cd sh bash ...
void addSleep(CommandRegistry& r);         // sleep_tool.cpp: sleep (GNU coreutils, busybox)
void addFileTools(CommandRegistry& r);     // file_tools.cpp: cat hostname env printenv ls
void addTextTools(CommandRegistry& r);     // text_tools.cpp: grep head tail wc sort
void addNetTools(CommandRegistry& r);      // net_tools.cpp: ip ifconfig route brctl bridge iptables
void addProbeTools(CommandRegistry& r);    // probe_tools.cpp: ping curl wget getent nslookup
void addTcpdump(CommandRegistry& r);       // tcpdump_tool.cpp: tcpdump
void addJobControl(CommandRegistry& r);    // job_control.cpp: jobs kill
void addArp(CommandRegistry& r);           // arp_tool.cpp: arp (net-tools, busybox)
void addSocketTools(CommandRegistry& r);   // socket_tools.cpp: ss netstat
void addTraceTools(CommandRegistry& r);    // trace_tools.cpp: traceroute nc dig

} // namespace vethlab::shell

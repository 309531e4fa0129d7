#include "command_registry.h"

namespace vethlab::shell {

void CommandRegistry::add(std::initializer_list<const char*> names, const CommandRunner& run) {
    for (const char* name : names)
        runners_[name] = run;
}

const CommandRunner* CommandRegistry::find(const std::string& prog) const {
    auto it = runners_.find(prog);
    return it == runners_.end() ? nullptr : &it->second;
}

const CommandRegistry& standardCommands() {
    static const CommandRegistry registry = [] {
        CommandRegistry r;
        addShellBuiltins(r);
        addFileTools(r);
        addTextTools(r);
        addNetTools(r);
        addProbeTools(r);
        addTcpdump(r);
        addJobControl(r);
        addArp(r);
        addSocketTools(r);
        addTraceTools(r);
        return r;
    }();
    return registry;
}

} // namespace vethlab::shell

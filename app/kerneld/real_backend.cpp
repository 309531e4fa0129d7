#include "real_backend.h"

namespace vethlab::kerneld {

std::shared_ptr<KernelClient> attachRealKernel(Lab& lab, shell::Terminal& terminal, std::string& error) {
    auto client = KernelClient::start(lab.settings(), error);
    if (!client) return nullptr;
    lab.attachMirror(client);
    auto errors = lab.syncMirror();
    if (!errors.empty()) {
        error = "the real kernel refused: " + errors.front().command + ": " + errors.front().message;
        lab.attachMirror(nullptr);
        return nullptr;
    }
    std::weak_ptr<KernelClient> weak = client;
    terminal.setRealPrograms([weak](const shell::RealProgram& p) -> shell::RealOutcome {
        auto c = weak.lock();
        if (!c) return {126, "", "vethlab: the real kernel is gone\n"};
        auto r = c->run(p.namespaceId, p.argv, p.input, p.hostname, p.busybox, p.interruptAfterMs);
        return {r.status, r.out, r.err};
    });
    return client;
}

} // namespace vethlab::kerneld

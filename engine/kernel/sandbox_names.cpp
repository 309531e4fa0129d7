#include "sandbox_names.h"

namespace vethlab::kernel {

bool isSandboxName(const std::string& nsName) {
    return !labTagOf(nsName).empty();
}

std::string labTagOf(const std::string& nsName) {
    const std::string p = kSandboxPrefix;
    if (nsName.rfind(p, 0) != 0) return {};
    auto dash = nsName.find('-', p.size());
    if (dash == std::string::npos || dash == p.size() || dash + 1 == nsName.size()) return {};
    return nsName.substr(p.size(), dash - p.size());
}

} // namespace vethlab::kernel

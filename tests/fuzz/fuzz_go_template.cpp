// libFuzzer: docker's --format / -f templates (Go's text/template subset), parsed and run over the
// JSON of `docker network inspect bridge` on a fresh lab.
#include <cstddef>
#include <cstdint>
#include <string>

#include "docker/inspect.h"
#include "docker_format.h"
#include "go_template.h"
#include "lab.h"

namespace {

const vethlab::Json& bridgeJson() {
    static const vethlab::Json json = [] {
        vethlab::Lab lab(*vethlab::LabSettings::preset("facts"));
        return vethlab::docker::networkJson(lab.daemon(), *lab.daemon().findNetwork("bridge"),
                                            lab.settings().zone);
    }();
    return json;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::string error;
    if (auto tpl = vethlab::shell::GoTemplate::parse(vethlab::shell::unescapeFormat(text), error))
        (void)tpl->execute(vethlab::shell::gotmpl::fromJson(bridgeJson(), vethlab::shell::networkJsonView()));
    return 0;
}

// A lesson for the benchmarks: one step starts N containers on one user network; an optional second
// step pings from the first container to the last (so stepping back from it replays a big first step).
#pragma once

#include <string>

namespace vethlab::bench {

inline std::string bigLesson(int n, bool pingStep = false) {
    auto step = [](const std::string& title) {
        return "## " + title + "\n\n<!-- en -->\n" + title + ".\n<!-- zh_CN -->\n" + title +
               ".\n\n```console\n";
    };
    std::string text =
        "---\nid: big\ntitle: Big lab\ntitle_zh: Big lab\nlab:\n  preset: seed\n---\n\n# Big lab\n\n" +
        step("Many containers") +
        "[root@localhost ~]# docker network create --subnet 10.0.0.0/16 big\n<ID>\n";
    for (int i = 0; i < n; ++i)
        text += "[root@localhost ~]# docker run -d --network big --name c" + std::to_string(i) +
                " alpine sleep infinity\n<ID>\n";
    text += "```\n\n";
    if (pingStep)
        text += step("A ping across the lab") + "[root@localhost ~]# docker exec c0 ping -c 1 c" +
                std::to_string(n - 1) + "\n```\n";
    return text;
}

} // namespace vethlab::bench

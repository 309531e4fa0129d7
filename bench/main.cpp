// vethlab-bench: how fast the model and the engine are. Prints one JSON line per run.
//   vethlab-bench allpairs --containers N   N containers on one user network, each pings every other once;
//                                           prints frames, ARP requests (and their ratio to N(N-1)/2) and
//                                           events
//   vethlab-bench create --containers N     create and start N containers on one /16 network
//   vethlab-bench stepback --scenario FILE  step back from the last step (a replay from the start), and
//                                           one micro-step back in the middle of the last step
//   vethlab-bench stepback --containers N   the same on a lesson whose first step starts N containers and
//                                           whose second pings across them
//   vethlab-bench stepback --containers N --repeat K
//                                           only K step backs (each then played forward again): a loop to
//                                           profile (perf record), and the median step back
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <queue>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

#include "big_lesson.h"
#include "engine.h"
#include "lab.h"
#include "lesson_session.h"
#include "player.h"
#include "terminal.h"

namespace {

// CPU time of this process: the machine may be shared, and wall time then says little.
double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// FNV-1a over everything a run leaves behind: every link's counters, FDB and neighbour entry, and the
// engine's clock. Two builds that print the same digest ran the same simulation.
struct Digest {
    std::uint64_t h = 1469598103934665603ull;
    void add(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (8 * i)) & 0xff;
            h *= 1099511628211ull;
        }
    }
};

std::uint64_t labDigest(const vethlab::Lab& lab, const vethlab::sim::Engine& engine) {
    Digest d;
    d.add(static_cast<std::uint64_t>(engine.now()));
    for (const auto& [id, n] : lab.kernel().namespaces()) {
        d.add(static_cast<std::uint64_t>(id));
        for (const auto& l : n.links) {
            const auto& c = l.counters;
            for (std::uint64_t v : {c.rxPackets, c.rxBytes, c.rxDropped, c.txPackets, c.txBytes, c.txDropped})
                d.add(v);
            for (const auto& f : l.fdb)
                d.add(static_cast<std::uint64_t>(f.port) ^ static_cast<std::uint64_t>(f.updated) << 8);
        }
        for (const auto& e : n.neighbours)
            d.add(static_cast<std::uint64_t>(e.ip.value) << 8 ^ static_cast<std::uint64_t>(e.state) ^
                  static_cast<std::uint64_t>(e.updated) << 20 ^ e.mac.bytes[5]);
    }
    return d.h;
}

// The anchor: a bare binary-heap event loop doing nothing but pop one (time, sequence) record and push its
// successor a jittered 5-20 us later, over the same number of events with `pending` of them queued at
// once (every ping starts at the same moment). The engine's time over this one is its overhead per event.
double bareHeapSeconds(std::uint64_t events, std::uint64_t pending) {
    using Item = std::pair<std::int64_t, std::uint64_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    std::uint64_t x = 0x9e3779b97f4a7c15ull, seq = 0, sink = 0;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const double t0 = cpuSeconds();
    for (std::uint64_t i = 0; i < pending && i < events; ++i)
        queue.push({static_cast<std::int64_t>(next() % 400'000), seq++});
    for (std::uint64_t done = 0; done < events && !queue.empty(); ++done) {
        const Item top = queue.top();
        queue.pop();
        sink += top.second;
        if (seq < events) queue.push({top.first + 5'000 + static_cast<std::int64_t>(next() % 15'000), seq++});
    }
    const double seconds = cpuSeconds() - t0;
    if (sink == 42) std::puts(""); // keeps the loop from being optimised away
    return seconds;
}

// The resident set now (not its peak): what the parked labs take.
double rssMib() {
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

double peakRssMib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

int create(int n) {
    vethlab::Lab lab(*vethlab::LabSettings::preset("default"));
    vethlab::shell::Terminal term(lab);
    auto quiet = [](const std::string&) {};
    term.execute("docker network create --subnet 10.0.0.0/16 big", quiet, quiet);
    const auto t0 = std::chrono::steady_clock::now();
    int ok = 0;
    for (int i = 0; i < n; ++i)
        ok += term.execute("docker run -d --network big --name c" + std::to_string(i) +
                               " alpine sleep infinity",
                           quiet, quiet) == 0;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"bench\":\"create\",\"containers\":%d,\"created\":%d,\"kernel_ops\":%zu,\"wall_s\":%.3f,"
                "\"containers_per_s\":%.0f,\"peak_rss_mib\":%.1f}\n",
                n, ok, lab.opLog().size(), wall, ok / wall, peakRssMib());
    return ok == n ? 0 : 1;
}

int allpairs(int n) {
    vethlab::Lab lab(*vethlab::LabSettings::preset("default"));
    vethlab::shell::Terminal term(lab);
    auto quiet = [](const std::string&) {};
    term.execute("docker network create --subnet 10.0.0.0/16 big", quiet, quiet);
    for (int i = 0; i < n; ++i)
        term.execute("docker run -d --network big --name c" + std::to_string(i) + " alpine sleep infinity",
                     quiet, quiet);
    vethlab::sim::EngineSettings settings;
    settings.recordTrace = false; // measure the engine, not the trace
    vethlab::sim::Engine engine(lab, settings);
    engine.syncTo(lab.now());
    struct Pinger {
        int ns;
        vethlab::Ipv4 self;
    };
    std::vector<Pinger> hosts;
    for (int i = 0; i < n; ++i) {
        const auto* c = lab.daemon().findContainer("c" + std::to_string(i));
        hosts.push_back({c->namespaceId, c->attachments.front().ip});
    }
    long replies = 0;
    std::vector<std::uint16_t> sockets;
    for (int i = 0; i < n; ++i)
        sockets.push_back(engine.openIcmpSocket(
            hosts[static_cast<std::size_t>(i)].ns,
            [&](const vethlab::sim::Ipv4Header&, const vethlab::sim::IcmpMessage&) { ++replies; }));
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = cpuSeconds();
    const auto framesBefore = engine.framesSent();
    const auto eventsBefore = engine.eventsRun();
    const auto arpBefore = engine.arpRequestsSent();
    long pings = 0;
    // Every ordered pair at once, as the ns-3 comparison does.
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j) {
                engine.sendEcho(hosts[static_cast<std::size_t>(i)].ns,
                                hosts[static_cast<std::size_t>(j)].self, sockets[static_cast<std::size_t>(i)],
                                static_cast<std::uint16_t>(j), 56);
                ++pings;
            }
    engine.runUntil(engine.now() + 30 * vethlab::kSecond);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpuSeconds() - cpu0;
    const auto frames = engine.framesSent() - framesBefore;
    const auto events = engine.eventsRun() - eventsBefore;
    const auto arpRequests = engine.arpRequestsSent() - arpBefore;
    // The physical minimum: every unordered pair resolved by one request.
    const long minimum = static_cast<long>(n) * (n - 1) / 2;
    const double bare = bareHeapSeconds(events, static_cast<std::uint64_t>(pings));
    std::printf("{\"bench\":\"allpairs\",\"containers\":%d,\"pings\":%ld,\"replies\":%ld,\"frames\":%llu,"
                "\"arp_requests\":%llu,\"arp_requests_min\":%ld,\"arp_ratio\":%.3f,\"events\":%llu,"
                "\"wall_s\":%.3f,\"cpu_s\":%.3f,\"events_per_s\":%.0f,\"peak_rss_mib\":%.1f,"
                "\"bare_heap_s\":%.3f,\"vs_bare_heap\":%.1f,\"digest\":\"%016llx\"}\n",
                n, pings, replies, static_cast<unsigned long long>(frames),
                static_cast<unsigned long long>(arpRequests), minimum,
                minimum ? static_cast<double>(arpRequests) / static_cast<double>(minimum) : 0.0,
                static_cast<unsigned long long>(events), wall, cpu, static_cast<double>(events) / cpu,
                peakRssMib(), bare, cpu / bare, static_cast<unsigned long long>(labDigest(lab, engine)));
    return replies == pings ? 0 : 1;
}

// K step backs from the last step, each followed by the last step played again; prints their medians
// (wall, process CPU and the stepping thread's CPU seconds: the lab a step back replaces is freed on
// another thread meanwhile).
int stepbackLoop(vethlab::scenario::Player& player, int repeat) {
    const std::size_t steps = player.stepCount();
    player.jumpTo(steps);
    auto threadCpu = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
    };
    std::vector<double> wall, cpu, own;
    for (int k = 0; k < repeat; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpuSeconds(), o0 = threadCpu();
        player.stepBack();
        own.push_back(threadCpu() - o0);
        cpu.push_back(cpuSeconds() - c0);
        wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        player.jumpTo(steps);
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    std::sort(own.begin(), own.end());
    std::printf("{\"bench\":\"stepback_loop\",\"repeat\":%d,\"median_step_back_s\":%.4f,"
                "\"median_step_back_cpu_s\":%.4f,\"median_step_back_thread_cpu_s\":%.4f}\n",
                repeat, wall[wall.size() / 2], cpu[cpu.size() / 2], own[own.size() / 2]);
    return 0;
}

int stepback(const std::string& path, int containers, int repeat) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::string error;
    auto lesson = vethlab::scenario::parseScenario(
        containers > 0 ? vethlab::bench::bigLesson(containers, true) : text.str(), path, error);
    if (!lesson) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    vethlab::scenario::Player player(*lesson);
    if (repeat > 0) return stepbackLoop(player, repeat);
    const std::size_t steps = player.stepCount();
    auto seconds = [](auto t0) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    auto t0 = std::chrono::steady_clock::now();
    player.jumpTo(steps);
    const double forward = seconds(t0);
    t0 = std::chrono::steady_clock::now();
    player.stepBack();
    const double back = seconds(t0);
    const std::size_t events = player.eventsOfNextStep();
    player.playPartial(events / 2);
    t0 = std::chrono::steady_clock::now();
    player.playPartial(events / 2 - 1);
    const double microBack = seconds(t0);
    // The window steps back through its lesson session (the typed lines replayed with the steps): cold,
    // a replay from the start; then with the labs parked in idle time (LessonSession::prepare), what
    // they cost in memory, and a step back that restores one. CPU seconds too: the machine is shared.
    vethlab::scenario::LessonSession cold(*lesson);
    while (cold.position() < steps)
        cold.stepForward();
    t0 = std::chrono::steady_clock::now();
    double c0 = cpuSeconds();
    cold.stepBack();
    const double sessionBack = seconds(t0), sessionBackCpu = cpuSeconds() - c0;
    vethlab::scenario::LessonSession session(*lesson);
    while (session.position() < steps)
        session.stepForward();
    const double rssBefore = rssMib();
    c0 = cpuSeconds();
    while (session.prepare()) {
    }
    const double prepareCpu = cpuSeconds() - c0;
    const double parkedMib = rssMib() - rssBefore;
    const std::size_t parked = session.parked().size();
    t0 = std::chrono::steady_clock::now();
    c0 = cpuSeconds();
    session.stepBack();
    const double parkedBack = seconds(t0), parkedBackCpu = cpuSeconds() - c0;
    std::printf(
        "{\"bench\":\"stepback\",\"containers\":%d,\"steps\":%zu,\"play_all_s\":%.4f,\"step_back_s\":%.4f,"
        "\"window_step_back_s\":%.4f,\"window_step_back_cpu_s\":%.4f,\"parked_labs\":%zu,"
        "\"parked_mib\":%.1f,\"prepare_cpu_s\":%.4f,\"window_step_back_parked_s\":%.4f,"
        "\"window_step_back_parked_cpu_s\":%.4f,\"last_step_events\":%zu,\"micro_step_back_s\":%.4f,"
        "\"peak_rss_mib\":%.1f}\n",
        containers, steps, forward, back, sessionBack, sessionBackCpu, parked, parkedMib, prepareCpu,
        parkedBack, parkedBackCpu, events, microBack, peakRssMib());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: vethlab-bench allpairs|create --containers N | stepback --scenario "
                             "FILE|--containers N\n");
        return 2;
    }
    int n = 0;
    for (int i = 2; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--containers") == 0) n = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[1], "create") == 0) return create(n ? n : 100);
    if (std::strcmp(argv[1], "allpairs") == 0) return allpairs(n ? n : 100);
    if (std::strcmp(argv[1], "stepback") == 0) {
        std::string scenario = "scenarios/tour.md";
        for (int i = 2; i + 1 < argc; ++i)
            if (std::strcmp(argv[i], "--scenario") == 0) scenario = argv[i + 1];
        int repeat = 0;
        for (int i = 2; i + 1 < argc; ++i)
            if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::atoi(argv[i + 1]);
        return stepback(scenario, n, repeat);
    }
    std::fprintf(stderr, "vethlab-bench: unknown benchmark %s\n", argv[1]);
    return 2;
}

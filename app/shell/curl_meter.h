// curl 7.88's progress meter (lib/progress.c), as a terminal finally shows it. curl draws it on stderr
// when the body does not go to a terminal (-o FILE, a pipe, `docker exec` without -t) and neither -s
// nor --no-progress-meter is given: two header lines, a line of zeros when the transfer starts, then
// the same line drawn over with \r. What stays on the screen is the last drawing, or the zero line
// when something else was written after it on the same line ("...     0*   Trying ..." with -v,
// "...     0curl: (6) Could not resolve host" when the name did not resolve).
#pragma once

#include <cstdint>
#include <string>

#include "exec_context.h"

namespace vethlab::shell {

class CurlMeter {
public:
    CurlMeter(bool on, Streams& io) : on_(on), io_(&io) {}
    /// The transfer starts: the header; the zero line is drawn but may still be drawn over.
    void start();
    /// Something else is written on stderr now: the zero line stays on the screen as it is.
    void keep();
    /// The transfer ended: the last drawing, with its newline. `total` is the announced size (0:
    /// unknown), `elapsedNs` the time since start.
    void finish(std::uint64_t total, std::uint64_t received, std::int64_t elapsedNs);
    bool on() const { return on_; }

    /// One drawing of the meter's line, without \r or newline.
    static std::string line(std::uint64_t total, std::uint64_t received, std::int64_t elapsedNs);

private:
    bool on_;
    bool pending_ = false; // the zero line is drawn and nothing followed it yet
    Streams* io_;
};

} // namespace vethlab::shell

// What a daemon request gives back: an Outcome (success or an error) or an Expected value. Both are
// [[nodiscard]] and say success out loud (`Outcome::ok()`, `failed()`), so a call site never has to
// remember that an empty optional meant "it worked".
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace vethlab::docker {

/// An error as the daemon or the client reports it.
struct DockerError {
    enum class Kind {
        Daemon,   // "Error response from daemon: <message>"
        NotFound, // client-side "Error: No such <object>: X"
        Client,   // printed as is by the client
    };
    Kind kind = Kind::Daemon;
    std::string message;
};

/// The result of a request that returns nothing: `Outcome::ok()`, or the error that stopped it (a
/// DockerError converts, so a failing step writes `return daemonError(...)`).
class [[nodiscard]] Outcome {
public:
    static Outcome ok() { return Outcome(); }
    Outcome(DockerError e) : error_(std::move(e)) {}

    bool failed() const { return error_.has_value(); }
    bool succeeded() const { return !failed(); }
    /// The error; only after failed() said so.
    const DockerError& error() const {
        assert(failed());
        return *error_;
    }

private:
    Outcome() = default;
    std::optional<DockerError> error_;
};

/// A value, or the error that prevented it.
template <class T> class [[nodiscard]] Expected {
public:
    Expected(T v) : value_(std::move(v)) {}
    Expected(DockerError e) : error_(std::move(e)) {}

    bool failed() const { return error_.has_value(); }
    bool succeeded() const { return !failed(); }
    /// The value; only when succeeded().
    const T& value() const {
        assert(succeeded());
        return *value_;
    }
    /// The error; only after failed() said so.
    const DockerError& error() const {
        assert(failed());
        return *error_;
    }

private:
    std::optional<T> value_;
    std::optional<DockerError> error_;
};

} // namespace vethlab::docker

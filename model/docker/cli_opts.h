// docker/cli's option validators (opts/opts.go, opts/hosts.go at v20.10.24): pflag calls them as it
// reads each value, keeps what they return, and prints their error as
// `invalid argument "V" for "--flag" flag: <error>`.
#pragma once

#include <optional>
#include <string>

namespace vethlab::docker {

/// opts.ValidateIPAddress (--dns): the address as Go prints it, or "X is not an ip address".
[[nodiscard]] std::optional<std::string> validateIPAddress(const std::string& value, std::string& out);

/// opts.ValidateDNSSearch (--dns-search): "." or a domain (its trailing dot dropped), or
/// "X is not a valid domain".
[[nodiscard]] std::optional<std::string> validateDNSSearch(const std::string& value, std::string& out);

/// opts.ValidateExtraHost (--add-host): "name:ip" or "name:host-gateway".
[[nodiscard]] std::optional<std::string> validateExtraHost(const std::string& value);

/// strconv.Quote for the texts the validators quote with %q.
std::string goQuote(const std::string& s);

} // namespace vethlab::docker

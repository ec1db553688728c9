#include "providers/endpoint.hpp"

#include <algorithm>
#include <charconv>
#include <span>
#include <vector>

#include "util/edit_distance.hpp"
#include "util/text.hpp"

namespace jobwait::config {

namespace {

// eu-west-101, eu-west-102, …: Huawei Cloud's European sovereign regions.
bool is_eu_west_1xx(std::string_view region) {
  constexpr std::string_view prefix = "eu-west-1";
  return region.size() == prefix.size() + 2 && region.substr(0, prefix.size()) == prefix &&
         std::all_of(region.begin() + prefix.size(), region.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Open Telekom Cloud's Swiss region sits under its own sub-domain (job-states.md, "Hosts").
bool is_eu_ch2(std::string_view region) { return region == "eu-ch2"; }

bool any_region(std::string_view) { return true; }

struct DomainRule {
  bool (*matches)(std::string_view region);
  std::string_view domain;
};

// Per cloud, first match wins (job-states.md, "Hosts").
constexpr DomainRule k_huawei_cloud[] = {
    {is_eu_west_1xx, "myhuaweicloud.eu"},
    {any_region, "myhuaweicloud.com"},
};
constexpr DomainRule k_open_telekom_cloud[] = {
    {is_eu_ch2, "sc.otc.t-systems.com"},
    {any_region, "otc.t-systems.com"},
};

std::string_view domain_for(std::string_view cloud, std::string_view region) {
  const auto rules = cloud == "otc" ? std::span<const DomainRule>(k_open_telekom_cloud)
                                    : std::span<const DomainRule>(k_huawei_cloud);
  for (const DomainRule& rule : rules) {
    if (rule.matches(region)) return rule.domain;
  }
  return {};
}

// Public regions as the clouds' consoles and SDKs list them (2026). Huawei Cloud's:
constexpr std::string_view k_huawei_cloud_regions[] = {
    "af-north-1",     "af-south-1",     "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",   "ap-southeast-4",
    "ap-southeast-5", "cn-east-2",      "cn-east-3",      "cn-east-4",      "cn-east-5",        "cn-north-1",
    "cn-north-2",     "cn-north-4",     "cn-north-9",     "cn-south-1",     "cn-south-2",       "cn-southwest-2",
    "eu-west-0",      "eu-west-101",    "la-north-2",     "la-south-2",     "me-east-1",        "my-kualalumpur-1",
    "na-mexico-1",    "ru-moscow-1",    "ru-northwest-2", "sa-brazil-1",    "tr-west-1",
};
// Open Telekom Cloud's: Germany, the Netherlands, Switzerland.
constexpr std::string_view k_open_telekom_cloud_regions[] = {"eu-de", "eu-nl", "eu-ch2"};

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool is_ipv6_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

constexpr std::string_view k_form =
    " (use scheme://host[:port][/prefix], e.g. https://cce.eu-west-101.myhuaweicloud.eu)";

tl::unexpected<std::string> invalid(std::string_view endpoint, std::string_view reason) {
  return tl::unexpected("invalid endpoint \"" + std::string(endpoint) + "\": " + std::string(reason) +
                        std::string(k_form));
}

tl::expected<void, std::string> check_port(std::string_view endpoint, std::string_view port) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || error != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) {
    return invalid(endpoint, "the port must be a number from 1 to 65535");
  }
  return {};
}

}  // namespace

std::string base_url(const JobConfig& job, std::string_view service) {
  if (!job.endpoint.empty()) {
    std::string_view url = job.endpoint;
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    return std::string(url);
  }
  return region_url(job, service);
}

std::span<const std::string_view> known_regions(std::string_view cloud) {
  if (cloud == "otc") return k_open_telekom_cloud_regions;
  return k_huawei_cloud_regions;
}

std::optional<std::string> unknown_region_warning(const JobConfig& job) {
  if (job.region.empty() || !job.endpoint.empty()) return std::nullopt;
  const auto known = known_regions(job.cloud);
  if (std::find(known.begin(), known.end(), job.region) != known.end()) return std::nullopt;
  std::string warning = "job.region \"" + job.region + "\" is not a region " +
                        (job.cloud == "otc" ? std::string("Open Telekom Cloud") : std::string("Huawei Cloud")) +
                        " is known to have";
  if (auto guess = closest(job.region, std::vector<std::string_view>(known.begin(), known.end()))) {
    warning += " (did you mean \"" + *guess + "\"?)";
  }
  return warning + "; it is used as given";
}

std::string region_url(const JobConfig& job, std::string_view service) {
  const std::string domain = job.domain.empty() ? std::string(domain_for(job.cloud, job.region)) : job.domain;
  return "https://" + std::string(service) + "." + job.region + "." + domain;
}

tl::expected<void, std::string> check_endpoint(std::string_view endpoint) {
  const std::size_t scheme_end = endpoint.find("://");
  if (scheme_end == std::string_view::npos) return invalid(endpoint, "no scheme");
  const std::string_view authority_and_path = endpoint.substr(scheme_end + 3);
  const std::string_view authority = authority_and_path.substr(0, authority_and_path.find_first_of("/?#"));
  // Checked first, so that no later message quotes the credentials.
  if (authority.find('@') != std::string_view::npos) {
    return tl::unexpected("invalid endpoint: it must not contain user:password@ (the token goes in auth.token)" +
                          std::string(k_form));
  }
  const std::string_view scheme = endpoint.substr(0, scheme_end);
  if (!iequals(scheme, "https") && !iequals(scheme, "http")) {
    return invalid(endpoint, "the scheme must be http or https");
  }
  if (std::any_of(endpoint.begin(), endpoint.end(), [](char c) { return c <= ' ' || c == '\x7f'; })) {
    return invalid(endpoint, "spaces and control characters are not allowed");
  }
  if (endpoint.find('?') != std::string_view::npos) return invalid(endpoint, "a query (?...) is not allowed");
  if (endpoint.find('#') != std::string_view::npos) return invalid(endpoint, "a fragment (#...) is not allowed");

  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos || close == 1 ||
        !std::all_of(host.begin() + 1, host.begin() + static_cast<std::ptrdiff_t>(close), is_ipv6_char)) {
      return invalid(endpoint, "an IPv6 host is written [address]");
    }
    const std::string_view after = host.substr(close + 1);
    if (!after.empty() && after.front() != ':') return invalid(endpoint, "unexpected text after the IPv6 host");
    has_port = !after.empty();
    port = has_port ? after.substr(1) : after;
  } else {
    const std::size_t colon = host.find(':');
    has_port = colon != std::string_view::npos;
    if (has_port) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
    }
    if (host.empty()) return invalid(endpoint, "no host");
    if (!std::all_of(host.begin(), host.end(), is_host_char)) {
      return invalid(endpoint, "the host may hold only letters, digits, '-', '_' and '.'");
    }
  }
  if (has_port) return check_port(endpoint, port);
  return {};
}

}  // namespace jobwait::config

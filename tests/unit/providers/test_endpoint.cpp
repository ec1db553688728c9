#include <catch2/catch.hpp>

#include "providers/endpoint.hpp"

using jobwait::config::base_url;
using jobwait::config::check_endpoint;
using jobwait::config::JobConfig;

namespace {

JobConfig in_region(std::string region) {
  JobConfig job;
  job.region = std::move(region);
  return job;
}

JobConfig at_endpoint(std::string endpoint) {
  JobConfig job;
  job.region = "eu-west-101";
  job.endpoint = std::move(endpoint);
  return job;
}

std::string rejection(std::string_view endpoint) {
  auto result = check_endpoint(endpoint);
  INFO(endpoint);
  REQUIRE_FALSE(result);
  return result.error();
}

}  // namespace

TEST_CASE("endpoint: derived from service and region", "[config]") {
  CHECK(base_url(in_region("ap-southeast-1"), "cce") == "https://cce.ap-southeast-1.myhuaweicloud.com");
  CHECK(base_url(in_region("cn-north-4"), "servicestage") == "https://servicestage.cn-north-4.myhuaweicloud.com");
  CHECK(base_url(in_region("eu-west-0"), "cfw") == "https://cfw.eu-west-0.myhuaweicloud.com");
}

TEST_CASE("endpoint: eu-west-1xx regions use myhuaweicloud.eu", "[config]") {
  CHECK(base_url(in_region("eu-west-101"), "cae") == "https://cae.eu-west-101.myhuaweicloud.eu");
  CHECK(base_url(in_region("eu-west-199"), "ief") == "https://ief.eu-west-199.myhuaweicloud.eu");
  // Only exactly three digits starting with 1.
  CHECK(base_url(in_region("eu-west-1"), "cce") == "https://cce.eu-west-1.myhuaweicloud.com");
  CHECK(base_url(in_region("eu-west-1001"), "cce") == "https://cce.eu-west-1001.myhuaweicloud.com");
  CHECK(base_url(in_region("eu-west-1ab"), "cce") == "https://cce.eu-west-1ab.myhuaweicloud.com");
}

TEST_CASE("endpoint: an explicit endpoint beats the region, without its trailing /", "[config]") {
  CHECK(base_url(at_endpoint("http://127.0.0.1:8080"), "cce") == "http://127.0.0.1:8080");
  CHECK(base_url(at_endpoint("http://127.0.0.1:8080/"), "cce") == "http://127.0.0.1:8080");
  CHECK(base_url(at_endpoint("https://proxy.example.com/huawei/cce/"), "cce") ==
        "https://proxy.example.com/huawei/cce");
  CHECK(base_url(at_endpoint("https://proxy.example.com/huawei"), "cae") == "https://proxy.example.com/huawei");
}

TEST_CASE("endpoint: accepts scheme://host[:port][/prefix]", "[config]") {
  for (std::string_view good :
       {"https://cce.eu-west-101.myhuaweicloud.eu", "http://127.0.0.1:8080", "http://localhost:1/",
        "https://proxy.example.com:8443/prefix/more", "http://[::1]:9000", "https://[2001:db8::1]",
        "HTTPS://Example.COM", "http://my_host.internal/a%20b"}) {
    INFO(good);
    CHECK(check_endpoint(good));
  }
}

TEST_CASE("endpoint: rejects what is not scheme://host[:port][/prefix]", "[config]") {
  CHECK_THAT(rejection("cce.eu-west-101.myhuaweicloud.eu"), Catch::Contains("no scheme"));
  CHECK_THAT(rejection("ftp://example.com"), Catch::Contains("the scheme must be http or https"));
  CHECK_THAT(rejection("https://"), Catch::Contains("no host"));
  CHECK_THAT(rejection("https:///prefix"), Catch::Contains("no host"));
  CHECK_THAT(rejection("https://:8080"), Catch::Contains("no host"));
  CHECK_THAT(rejection("https://example.com:"), Catch::Contains("port"));
  CHECK_THAT(rejection("https://example.com:0"), Catch::Contains("port"));
  CHECK_THAT(rejection("https://example.com:65536"), Catch::Contains("port"));
  CHECK_THAT(rejection("https://example.com:80x"), Catch::Contains("port"));
  CHECK_THAT(rejection("https://example.com/a?b=c"), Catch::Contains("query"));
  CHECK_THAT(rejection("https://example.com?b=c"), Catch::Contains("query"));
  CHECK_THAT(rejection("https://example.com/#top"), Catch::Contains("fragment"));
  CHECK_THAT(rejection("https://exa mple.com"), Catch::Contains("spaces"));
  CHECK_THAT(rejection("https://example.com/\n"), Catch::Contains("control"));
  CHECK_THAT(rejection("https://exa!mple.com"), Catch::Contains("the host may hold only"));
  CHECK_THAT(rejection("http://[::1"), Catch::Contains("IPv6"));
  CHECK_THAT(rejection("http://[::1]x"), Catch::Contains("after the IPv6 host"));
}

TEST_CASE("endpoint: errors quote the endpoint and show the accepted form", "[config]") {
  CHECK(rejection("ftp://example.com") ==
        "invalid endpoint \"ftp://example.com\": the scheme must be http or https "
        "(use scheme://host[:port][/prefix], e.g. https://cce.eu-west-101.myhuaweicloud.eu)");
}

TEST_CASE("endpoint: user:password@ is rejected without repeating the credentials", "[config]") {
  const std::string message = rejection("https://admin:hunter2-SECRET@example.com/x");
  CHECK_THAT(message, Catch::Contains("user:password@"));
  CHECK_THAT(message, !Catch::Contains("hunter2-SECRET"));
  CHECK_THAT(message, !Catch::Contains("admin"));
  CHECK_THAT(rejection("ftp://user@example.com"), Catch::Contains("user:password@"));
}

namespace {

JobConfig in_cloud(std::string cloud, std::string region) {
  JobConfig job;
  job.cloud = std::move(cloud);
  job.region = std::move(region);
  return job;
}

}  // namespace

TEST_CASE("endpoint: Open Telekom Cloud hosts, eu-ch2 under sc.", "[config]") {
  CHECK(base_url(in_cloud("otc", "eu-de"), "cce") == "https://cce.eu-de.otc.t-systems.com");
  CHECK(base_url(in_cloud("otc", "eu-nl"), "cfw") == "https://cfw.eu-nl.otc.t-systems.com");
  CHECK(base_url(in_cloud("otc", "eu-ch2"), "cce") == "https://cce.eu-ch2.sc.otc.t-systems.com");
  // The .eu rule is Huawei Cloud's, not OTC's.
  CHECK(base_url(in_cloud("otc", "eu-west-101"), "cce") == "https://cce.eu-west-101.otc.t-systems.com");
  CHECK(base_url(in_cloud("huaweicloud", "eu-ch2"), "cce") == "https://cce.eu-ch2.myhuaweicloud.com");
}

TEST_CASE("endpoint: a domain override serves other sites, on any cloud", "[config]") {
  JobConfig job = in_cloud("huaweicloud", "eu-west-101");
  job.domain = "cloud.example-site.com";
  CHECK(base_url(job, "cae") == "https://cae.eu-west-101.cloud.example-site.com");
  job.cloud = "otc";
  job.region = "eu-ch2";
  CHECK(base_url(job, "cce") == "https://cce.eu-ch2.cloud.example-site.com");
}

TEST_CASE("endpoint: job.endpoint beats cloud, domain and region", "[config]") {
  JobConfig job = in_cloud("otc", "eu-ch2");
  job.domain = "cloud.example-site.com";
  job.endpoint = "http://127.0.0.1:9000/";
  CHECK(base_url(job, "cce") == "http://127.0.0.1:9000");
  // ...but not for other services on the region's hosts, such as IAM.
  CHECK(jobwait::config::region_url(job, "iam") == "https://iam.eu-ch2.cloud.example-site.com");
}

TEST_CASE("endpoint: the cloud defaults to Huawei Cloud", "[config]") {
  CHECK(JobConfig{}.cloud == "huaweicloud");
  CHECK(base_url(in_region("af-south-1"), "ief") == "https://ief.af-south-1.myhuaweicloud.com");
}

TEST_CASE("endpoint: a region outside the cloud's known ones gets a warning with the nearest", "[endpoint]") {
  jobwait::config::JobConfig job;
  job.cloud = "huaweicloud";
  job.region = "ap-southest-1";
  const auto warning = jobwait::config::unknown_region_warning(job);
  REQUIRE(warning);
  CHECK_THAT(*warning, Catch::Contains("\"ap-southest-1\"") && Catch::Contains("did you mean \"ap-southeast-1\"?") &&
                           Catch::Contains("used as given"));
  job.region = "ap-southeast-1";
  CHECK_FALSE(jobwait::config::unknown_region_warning(job));
  job.region = "xx-nowhere-9";  // a region added since: a warning, no guess, never an error
  const auto unguessed = jobwait::config::unknown_region_warning(job);
  REQUIRE(unguessed);
  CHECK(unguessed->find("did you mean") == std::string::npos);
}

TEST_CASE("endpoint: each cloud has its own known regions, and an endpoint or no region needs none", "[endpoint]") {
  jobwait::config::JobConfig job;
  job.cloud = "otc";
  job.region = "eu-de";
  CHECK_FALSE(jobwait::config::unknown_region_warning(job));
  job.region = "eu-dee";
  CHECK_THAT(*jobwait::config::unknown_region_warning(job), Catch::Contains("Open Telekom Cloud") &&
                                                               Catch::Contains("did you mean \"eu-de\"?"));
  job.cloud = "huaweicloud";
  job.region = "eu-de";  // an OTC region is not a Huawei Cloud one
  CHECK(jobwait::config::unknown_region_warning(job));
  job.endpoint = "https://cce.example.com";  // the endpoint decides the host: the region is only a scope
  CHECK_FALSE(jobwait::config::unknown_region_warning(job));
  job.endpoint.clear();
  job.region.clear();
  CHECK_FALSE(jobwait::config::unknown_region_warning(job));
}

// The provider registry: one row per job API, in the order the README lists them. An
// explicit table rather than static self-registration, so it is greppable and no linker
// can drop an entry.
#include "providers/provider.hpp"

#include "providers/cae.hpp"
#include "providers/cce.hpp"
#include "providers/cfw.hpp"
#include "providers/ief.hpp"
#include "providers/servicestage.hpp"

namespace jobwait::providers {

namespace {

using Factory = const Provider& (*)();

constexpr Factory k_providers[] = {
    servicestage_provider,
    cce_provider,
    cae_provider,
    ief_provider,
    cfw_provider,
};

}  // namespace

const Provider* find_provider(std::string_view name) {
  for (Factory factory : k_providers) {
    const Provider& provider = factory();
    if (provider.name() == name) return &provider;
  }
  return nullptr;
}

std::vector<std::string_view> provider_names() {
  std::vector<std::string_view> names;
  for (Factory factory : k_providers) names.push_back(factory().name());
  return names;
}

}  // namespace jobwait::providers

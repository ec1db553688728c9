#include "util/secret_registry.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace jobwait {

void SecretRegistry::add(const std::string& secret) {
  std::vector<Listener> listeners;
  {
    const std::lock_guard lock(m_mutex);
    if (secret.empty() || std::find(m_secrets.begin(), m_secrets.end(), secret) != m_secrets.end()) return;
    m_secrets.push_back(secret);
    auto forms = std::make_shared<std::vector<std::string>>(*m_forms);
    // A secret with quotes or backslashes looks different inside JSON text; mask both forms.
    std::string escaped = boost::json::serialize(boost::json::string(secret));
    escaped = escaped.substr(1, escaped.size() - 2);
    if (escaped != secret) forms->push_back(std::move(escaped));
    forms->push_back(secret);
    std::stable_sort(forms->begin(), forms->end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    m_forms = std::move(forms);
    for (const auto& [id, listener] : m_listeners) listeners.push_back(listener);
  }
  // Outside the lock: a listener may print through a Redactor, which reads forms().
  for (const Listener& listener : listeners) listener(secret);
}

std::vector<std::string> SecretRegistry::secrets() const {
  const std::lock_guard lock(m_mutex);
  return m_secrets;
}

std::shared_ptr<const std::vector<std::string>> SecretRegistry::forms() const {
  const std::lock_guard lock(m_mutex);
  return m_forms;
}

std::size_t SecretRegistry::add_listener(Listener listener) const {
  const std::lock_guard lock(m_mutex);
  m_listeners.emplace(m_next_listener, std::move(listener));
  return m_next_listener++;
}

void SecretRegistry::remove_listener(std::size_t id) const {
  const std::lock_guard lock(m_mutex);
  m_listeners.erase(id);
}

SecretRegistry& run_secrets() {
  static SecretRegistry registry;
  return registry;
}

}  // namespace jobwait

// Every secret one run knows, in one place: the ones the step file and environment give, and
// the ones the run learns as it goes (an IAM token it logs in for or reads from its cache).
// Redactors read it on every apply, so a token obtained mid-run is masked in every line from
// then on; listeners (the GitHub reporter's ::add-mask::) hear of each new secret the moment
// it is added, which is before it is first sent anywhere.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace jobwait {

class SecretRegistry {
 public:
  using Listener = std::function<void(const std::string& secret)>;

  // Adds `secret`; an empty or already known one changes nothing and tells no one.
  void add(const std::string& secret);

  // The secrets in the order added.
  std::vector<std::string> secrets() const;

  // What a Redactor masks: each secret and its JSON-escaped form, longest first (so a secret
  // that contains another is masked whole). A snapshot: later adds make a new one.
  std::shared_ptr<const std::vector<std::string>> forms() const;

  // `listener` is called with every secret added from now on, on the adding thread; the id
  // undoes it (remove_listener) and must be undone before whatever it captures is gone.
  // Const: listening changes no secret, and a Redactor's reader may listen.
  std::size_t add_listener(Listener listener) const;
  void remove_listener(std::size_t id) const;

 private:
  mutable std::mutex m_mutex;
  std::vector<std::string> m_secrets;
  std::shared_ptr<const std::vector<std::string>> m_forms = std::make_shared<const std::vector<std::string>>();
  mutable std::map<std::size_t, Listener> m_listeners;
  mutable std::size_t m_next_listener = 0;
};

// The registry of this process's run: jobwait runs one step per process, and the code that
// obtains a token (auth/) and the code that reads answers (jobs/) are far apart.
SecretRegistry& run_secrets();

}  // namespace jobwait

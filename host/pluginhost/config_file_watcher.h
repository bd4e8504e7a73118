// ConfigFileWatcher: polls one file's stamp (mtime, size, inode) on a
// background thread and calls back when it differs from the stamp of the
// last read — so an editor's rename-into-place, an in-place write and a
// touch all count, and a read done by someone else (an operator's reload)
// does not trigger a second one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace vb {

// Identity of a file's content as stat() sees it. A missing file has size -1.
struct FileStamp {
  int64_t mtimeNs = -1;
  int64_t size = -1;
  uint64_t inode = 0;

  static FileStamp of(const std::string& path);
  bool exists() const noexcept { return size >= 0; }
  bool operator==(const FileStamp&) const = default;
};

// Thread-safe: every member may be called from any thread. `onChange` runs
// on the watcher thread, never concurrently with itself; stop() waits for a
// running onChange to return, so it must not be called from inside onChange.
class ConfigFileWatcher {
 public:
  ConfigFileWatcher(std::string path, std::function<void()> onChange);
  ~ConfigFileWatcher();  // stop()
  ConfigFileWatcher(const ConfigFileWatcher&) = delete;
  ConfigFileWatcher& operator=(const ConfigFileWatcher&) = delete;

  // Stamps the file now and remembers that stamp as the one read. Call it
  // just BEFORE reading the file: a write racing the read then shows as a
  // change, and the file is read again.
  void markRead();

  // Starts polling every `interval`: when the file exists and its stamp
  // differs from the last markRead(), calls onChange (which is expected to
  // read the file and so call markRead()). Idempotent while running.
  void start(std::chrono::milliseconds interval);
  // Stops and joins the thread. Idempotent.
  void stop();

 private:
  void pollLoop(std::chrono::milliseconds interval);
  bool changedSinceRead() const;

  const std::string path_;
  const std::function<void()> onChange_;

  mutable std::mutex readMutex_;
  FileStamp read_;  // guarded by readMutex_

  std::mutex controlMutex_;  // serialises start()/stop(); guards thread_
  std::thread thread_;

  std::mutex wakeMutex_;  // guards stopping_; the thread waits on wake_ with it
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace vb

#include "pluginhost/config_file_watcher.h"

#include <Poco/Logger.h>
#include <sys/stat.h>

#include <exception>

namespace vb {

FileStamp FileStamp::of(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {};
  FileStamp stamp;
  stamp.mtimeNs = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  stamp.size = static_cast<int64_t>(info.st_size);
  stamp.inode = static_cast<uint64_t>(info.st_ino);
  return stamp;
}

ConfigFileWatcher::ConfigFileWatcher(std::string path, std::function<void()> onChange)
    : path_(std::move(path)), onChange_(std::move(onChange)) {}

ConfigFileWatcher::~ConfigFileWatcher() { stop(); }

void ConfigFileWatcher::markRead() {
  const FileStamp now = FileStamp::of(path_);
  std::lock_guard lock(readMutex_);
  read_ = now;
}

bool ConfigFileWatcher::changedSinceRead() const {
  const FileStamp now = FileStamp::of(path_);
  std::lock_guard lock(readMutex_);
  return now.exists() && !(now == read_);
}

void ConfigFileWatcher::start(std::chrono::milliseconds interval) {
  std::lock_guard control(controlMutex_);
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(wakeMutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval] { pollLoop(interval); });
}

void ConfigFileWatcher::stop() {
  std::lock_guard control(controlMutex_);
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(wakeMutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ConfigFileWatcher::pollLoop(std::chrono::milliseconds interval) {
  auto& log = Poco::Logger::get("plugins");
  std::unique_lock lock(wakeMutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    if (changedSinceRead()) {
      log.information("plugins: %s changed; reloading", path_);
      try {
        onChange_();
      } catch (const std::exception& e) {
        log.error("plugins: reload after a config change failed: %s", std::string(e.what()));
      }
    }
    lock.lock();
  }
}

}  // namespace vb

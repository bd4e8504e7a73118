#include "store/single_host_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace vb {

SingleHostLock::SingleHostLock(const std::string& databasePath) : path_(databasePath + "-host.lock") {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path_ + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    if (error == EWOULDBLOCK)
      throw std::runtime_error("another VocalBridge host is serving the SQLite database " + databasePath +
                               "; SQLite serves one host process (several hosts share PostgreSQL: database.url)");
    throw std::runtime_error("cannot lock " + path_ + ": " + std::strerror(error));
  }
}

SingleHostLock::~SingleHostLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace vb

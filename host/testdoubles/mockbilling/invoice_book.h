// InvoiceBook: every tenant's invoices, kept in one JSON file
//   {"<tenantId>": [invoice, …], …}     (invoice.h)
// Every call first re-reads the file if it changed on disk (inode, size or
// mtime differ from what was last read or written), so an edit by hand, a
// `vocalbridge seed` in another process or another book on the same file is
// seen at once. Writes replace the file atomically (a temporary file in the
// same directory, then rename). A missing file is an empty book.
//
// Tenant scoping is the book's contract: every lookup takes the tenant id and
// only ever searches that tenant's invoices.
//
// Thread-safe: every member may be called concurrently (one mutex guards the
// cached copy and the file). Two processes writing the same file at the same
// moment may lose one write; the mock accepts that.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "testdoubles/mockbilling/invoice.h"

namespace vb {

class InvoiceBook {
 public:
  explicit InvoiceBook(std::string path);

  const std::string& path() const { return path_; }

  // The tenant's invoice with that number (exact match), nullopt when the
  // tenant has none such. Error: the file cannot be read or is malformed.
  Result<std::optional<Invoice>, std::string> find(const std::string& tenantId,
                                                   const std::string& invoiceNumber);

  // The tenant's invoices of that customer (all of the tenant's when
  // customerId is empty), in the file's order. Error as find().
  Result<std::vector<Invoice>, std::string> list(const std::string& tenantId, const std::string& customerId);

  // Adds the invoices to the tenant's, replacing any with the same number,
  // and writes the file (creating its directory). Error: the file cannot be
  // read or written.
  Result<size_t, std::string> put(const std::string& tenantId, const std::vector<Invoice>& invoices);

 private:
  using Invoices = std::map<std::string, std::vector<Invoice>>;  // by tenant id

  // What identifies one version of the file on disk.
  struct FileVersion {
    bool exists = false;
    unsigned long long inode = 0, size = 0;
    long long mtimeNs = 0;
    bool operator==(const FileVersion&) const = default;
  };

  FileVersion versionOnDisk() const;
  std::optional<std::string> refreshLocked();  // EXCLUSIVE_LOCKS_REQUIRED(mutex_); the error, if any
  std::optional<std::string> writeLocked();    // EXCLUSIVE_LOCKS_REQUIRED(mutex_)

  const std::string path_;
  std::mutex mutex_;
  Invoices invoices_;                   // guarded by mutex_: the file's content as last read or written
  FileVersion loaded_;                  // guarded by mutex_: the file version invoices_ reflects
  bool everLoaded_ = false;             // guarded by mutex_
  unsigned long long tempCounter_ = 0;  // guarded by mutex_
};

}  // namespace vb

#include "testdoubles/mockbilling/invoice_book.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vb {

InvoiceBook::InvoiceBook(std::string path) : path_(std::move(path)) {}

InvoiceBook::FileVersion InvoiceBook::versionOnDisk() const {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return {};
  return {true, static_cast<unsigned long long>(st.st_ino), static_cast<unsigned long long>(st.st_size),
          static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

std::optional<std::string> InvoiceBook::refreshLocked() {
  const FileVersion now = versionOnDisk();
  if (everLoaded_ && now == loaded_) return std::nullopt;
  Invoices fresh;
  if (now.exists) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return "cannot read " + path_;
    std::stringstream text;
    text << in.rdbuf();
    Poco::JSON::Object::Ptr root;
    try {
      const auto parsed = Poco::JSON::Parser().parse(text.str());
      if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) root = parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
      return path_ + " is not JSON: " + e.displayText();
    }
    if (!root) return path_ + " must be a JSON object of tenant id → invoice array";
    for (const auto& [tenant, value] : *root) {
      if (value.type() != typeid(Poco::JSON::Array::Ptr))
        return path_ + ": the invoices of tenant " + tenant + " must be an array";
      const auto array = value.extract<Poco::JSON::Array::Ptr>();
      for (size_t i = 0; i < array->size(); ++i) {
        auto invoice = invoiceFromJson(array->getObject(static_cast<unsigned>(i)));
        if (!invoice)
          return path_ + ": tenant " + tenant + ", invoice " + std::to_string(i) + ": " + invoice.error();
        fresh[tenant].push_back(std::move(*invoice));
      }
    }
  }
  invoices_ = std::move(fresh);
  loaded_ = now;
  everLoaded_ = true;
  return std::nullopt;
}

std::optional<std::string> InvoiceBook::writeLocked() {
  Poco::JSON::Object root;
  for (const auto& [tenant, invoices] : invoices_) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& invoice : invoices) array->add(toJson(invoice));
    root.set(tenant, array);
  }
  std::error_code ec;
  const auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const std::string temp =
      path_ + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(++tempCounter_);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write " + temp;
    root.stringify(out, 2);
    out << "\n";
    out.flush();
    if (!out) return "cannot write " + temp;
  }
  std::filesystem::rename(temp, path_, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return "cannot replace " + path_ + ": " + ec.message();
  }
  loaded_ = versionOnDisk();
  everLoaded_ = true;
  return std::nullopt;
}

Result<std::optional<Invoice>, std::string> InvoiceBook::find(const std::string& tenantId,
                                                              const std::string& invoiceNumber) {
  std::lock_guard lock(mutex_);
  if (auto error = refreshLocked()) return unexpected(std::move(*error));
  const auto it = invoices_.find(tenantId);
  if (it == invoices_.end()) return std::optional<Invoice>();
  for (const auto& invoice : it->second)
    if (invoice.invoiceNumber == invoiceNumber) return std::optional<Invoice>(invoice);
  return std::optional<Invoice>();
}

Result<std::vector<Invoice>, std::string> InvoiceBook::list(const std::string& tenantId,
                                                            const std::string& customerId) {
  std::lock_guard lock(mutex_);
  if (auto error = refreshLocked()) return unexpected(std::move(*error));
  std::vector<Invoice> found;
  const auto it = invoices_.find(tenantId);
  if (it == invoices_.end()) return found;
  for (const auto& invoice : it->second)
    if (customerId.empty() || invoice.customerId == customerId) found.push_back(invoice);
  return found;
}

Result<size_t, std::string> InvoiceBook::put(const std::string& tenantId,
                                             const std::vector<Invoice>& invoices) {
  std::lock_guard lock(mutex_);
  if (auto error = refreshLocked()) return unexpected(std::move(*error));
  auto& mine = invoices_[tenantId];
  for (const auto& invoice : invoices) {
    auto same = std::find_if(mine.begin(), mine.end(),
                             [&](const Invoice& i) { return i.invoiceNumber == invoice.invoiceNumber; });
    if (same != mine.end())
      *same = invoice;
    else
      mine.push_back(invoice);
  }
  if (auto error = writeLocked()) {
    everLoaded_ = false;  // the cached copy is ahead of the file: re-read it next time
    return unexpected(std::move(*error));
  }
  return invoices.size();
}

}  // namespace vb

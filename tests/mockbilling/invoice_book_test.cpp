// InvoiceBook: the JSON file behind the mock billing system — tenant-scoped
// lookups, replace-by-number, atomic writes, and changes made on disk by
// someone else (another book, another process, a person) seen at once.
#include "testdoubles/mockbilling/invoice_book.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testdoubles/mockbilling/demo_invoices.h"

namespace {

class InvoiceBookTest : public ::testing::Test {
 protected:
  void SetUp() override { Poco::File(dir_.path()).createDirectories(); }
  std::string file() const { return dir_.path() + "/var/mock-billing.json"; }
  Poco::TemporaryFile dir_;
};

const vb::Invoice kInvoice{"INV-1001", "cust-7", 12540, "USD", "open", "2026-12-15"};

TEST_F(InvoiceBookTest, AMissingFileIsAnEmptyBook) {
  vb::InvoiceBook book(file());
  const auto found = book.find("ten_a", "INV-1001");
  ASSERT_TRUE(found) << found.error();
  EXPECT_FALSE(found->has_value());
  EXPECT_TRUE(book.list("ten_a", "")->empty());
  EXPECT_FALSE(std::filesystem::exists(file()));  // reading never creates it
}

TEST_F(InvoiceBookTest, LookupsAreScopedToTheTenant) {
  vb::InvoiceBook book(file());
  ASSERT_TRUE(book.put("ten_a", {kInvoice}));
  EXPECT_EQ(book.find("ten_a", "INV-1001")->value(), kInvoice);
  EXPECT_FALSE(book.find("ten_b", "INV-1001")->has_value());
  EXPECT_TRUE(book.list("ten_b", "cust-7")->empty());
  EXPECT_FALSE(book.find("ten_a", "inv-1001")->has_value());  // exact numbers only
}

TEST_F(InvoiceBookTest, PutReplacesAnInvoiceWithTheSameNumber) {
  vb::InvoiceBook book(file());
  ASSERT_TRUE(book.put("ten_a", {kInvoice}));
  auto paid = kInvoice;
  paid.status = "paid";
  ASSERT_TRUE(book.put("ten_a", {paid}));
  const auto all = book.list("ten_a", "");
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().status, "paid");
}

TEST_F(InvoiceBookTest, WritesAtomicallyAndAnotherBookSeesTheChange) {
  vb::InvoiceBook writer(file());
  vb::InvoiceBook reader(file());
  EXPECT_FALSE(reader.find("ten_a", "INV-1001")->has_value());  // read (and cached) before the write
  ASSERT_TRUE(writer.put("ten_a", {kInvoice}));
  EXPECT_TRUE(reader.find("ten_a", "INV-1001")->has_value());
  // Only the file itself is left: the temporary file was renamed over it.
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(file()).parent_path())) {
    ++entries;
    EXPECT_EQ(entry.path().filename(), "mock-billing.json");
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(InvoiceBookTest, AnEditOnDiskIsReadOnTheNextCall) {
  vb::InvoiceBook book(file());
  ASSERT_TRUE(book.put("ten_a", {kInvoice}));
  ASSERT_EQ(book.find("ten_a", "INV-1001")->value().amountCents, 12540);
  // Rewritten in place with the same length: same inode and size, only the
  // content and the modification time differ.
  std::string text;
  {
    std::ifstream in(file());
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const auto at = text.find("12540");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 5, "99999");
  std::ofstream(file(), std::ios::in | std::ios::out) << text;
  EXPECT_EQ(book.find("ten_a", "INV-1001")->value().amountCents, 99999);
}

TEST_F(InvoiceBookTest, AMalformedFileIsAnErrorAndIsNotOverwritten) {
  std::filesystem::create_directories(std::filesystem::path(file()).parent_path());
  std::ofstream(file()) << R"({"ten_a": {"not": "an array"}})";
  vb::InvoiceBook book(file());
  const auto found = book.find("ten_a", "INV-1001");
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().find("must be an array"), std::string::npos) << found.error();
  EXPECT_FALSE(book.put("ten_a", {kInvoice}));
  std::ifstream in(file());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, R"({"ten_a": {"not": "an array"}})");
}

TEST(DemoInvoices, EachDemoTenantHasItsFixedSet) {
  const auto acme = vb::demoInvoicesFor("Acme Billing");
  ASSERT_EQ(acme.size(), 5u);
  for (size_t i = 0; i < acme.size(); ++i)
    EXPECT_EQ(acme[i].invoiceNumber, "INV-100" + std::to_string(i + 1));
  EXPECT_EQ(acme[0], kInvoice);  // the one the docs and the issue quote
  const auto globex = vb::demoInvoicesFor("Globex Support");
  ASSERT_EQ(globex.size(), 4u);
  for (size_t i = 0; i < globex.size(); ++i)
    EXPECT_EQ(globex[i].invoiceNumber, "INV-200" + std::to_string(i + 1));
  EXPECT_TRUE(vb::demoInvoicesFor("Initech").empty());
}

TEST(DemoInvoices, TheReadmeListsEveryOne) {
  std::ifstream in(std::string(VB_SOURCE_DIR) + "/README.md");
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const std::string tenant : {"Acme Billing", "Globex Support"})
    for (const auto& invoice : vb::demoInvoicesFor(tenant)) {
      const std::string row =
          "| " + tenant + " | " + invoice.invoiceNumber + " | " + invoice.customerId + " | ";
      EXPECT_NE(readme.find(row), std::string::npos) << row;
    }
}

}  // namespace

// invoice_mentions.h: which invoice number or customer a user's words name,
// typed or spoken (the voice channel's transcripts spell digits out).
#include "testdoubles/mockvendors/invoice_mentions.h"

#include <gtest/gtest.h>

namespace {

struct NumberCase {
  const char* text;
  const char* expected;  // nullptr = no invoice number
};

TEST(InvoiceMentions, InvoiceNumbersTypedOrSpoken) {
  const NumberCase cases[] = {
      {"Can you look up invoice INV-1001?", "INV-1001"},
      {"what about inv-1003", "INV-1003"},
      {"invoice one zero zero one", "INV-1001"},
      {"Invoice number two zero zero four please", "INV-2004"},
      {"invoice oh one two three", "INV-0123"},
      {"invoice 1 0 0 2", "INV-1002"},
      {"invoice 1005", "INV-1005"},
      {"INV-12345 is odd", "INV-12345"},  // typed numbers pass as written; the tool checks the pattern
      {"pay invoice 7", nullptr},         // spoken numbers need four digits
      {"invoice one two three four five", nullptr},
      {"Where is my invoice?", nullptr},
      {"Hello there", nullptr},
  };
  for (const auto& c : cases) {
    const auto number = vb::invoiceNumberIn(c.text);
    if (c.expected) {
      ASSERT_TRUE(number.has_value()) << c.text;
      EXPECT_EQ(*number, c.expected) << c.text;
    } else {
      EXPECT_FALSE(number.has_value()) << c.text << " → " << number.value_or("");
    }
  }
}

TEST(InvoiceMentions, CustomerIds) {
  EXPECT_EQ(vb::customerIdIn("list the invoices of customer cust-7").value_or(""), "cust-7");
  EXPECT_EQ(vb::customerIdIn("customer C-123, please").value_or(""), "C-123");
  EXPECT_FALSE(vb::customerIdIn("my customer number is secret").has_value());
}

TEST(InvoiceMentions, TheWordInvoice) {
  EXPECT_TRUE(vb::mentionsInvoices("Where is my invoice?"));
  EXPECT_TRUE(vb::mentionsInvoices("Show my Invoices"));
  EXPECT_TRUE(vb::mentionsInvoices("INV-1001"));
  EXPECT_FALSE(vb::mentionsInvoices("what is my balance"));
  EXPECT_FALSE(vb::mentionsInvoices("invoiced yesterday"));
}

}  // namespace

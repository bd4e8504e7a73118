// mockStt, mockTts and the InvoiceLookup tool, loaded from their .so files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "plugin_harness.h"

using namespace vbtest;

namespace {

struct Out {
  vb_status status = VB_OK;
  vb_error error{};
  std::string data;
};

Out synthesize(const Plugin& tts, const std::string& text) {
  Out o;
  o.error.struct_size = sizeof(o.error);
  const auto call = Plugin::context("r", "ten_a", 1000);
  o.status = tts.descriptor->tts->synthesize(tts.instance, &call, v(text), v("{}"), Plugin::sinkInto(o.data),
                                             &o.error);
  return o;
}

Out transcribe(const Plugin& stt, const std::string& wav) {
  Out o;
  o.error.struct_size = sizeof(o.error);
  const auto call = Plugin::context("r", "ten_a", 1000);
  o.status = stt.descriptor->stt->transcribe(stt.instance, &call, v(wav), v("{}"), Plugin::sinkInto(o.data),
                                             &o.error);
  return o;
}

Out invoke(const Plugin& tool, const std::string& tenant, const std::string& args) {
  Out o;
  o.error.struct_size = sizeof(o.error);
  const auto call = Plugin::context("r", tenant, 1000);
  o.status = tool.descriptor->tool->invoke(tool.instance, &call, v(args), Plugin::sinkInto(o.data), &o.error);
  return o;
}

uint32_t le32(const std::string& s, size_t at) {
  return static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8) |
         (static_cast<unsigned char>(s[at + 2]) << 16) |
         (uint32_t(static_cast<unsigned char>(s[at + 3])) << 24);
}

TEST(MockTts, WritesA16kPcm16MonoWavWith60MsPerWord) {
  FakeHost host;
  Plugin tts("libvb_mock_tts.so", host.api());
  ASSERT_EQ(tts.createStatus, VB_OK);
  EXPECT_EQ(s(tts.descriptor->name), "mockTts");
  EXPECT_EQ(tts.descriptor->kind, VB_KIND_TTS);
  const auto o = synthesize(tts, "your balance is forty two dollars");
  ASSERT_EQ(o.status, VB_OK) << o.error.message;
  ASSERT_GT(o.data.size(), 44u);
  EXPECT_EQ(o.data.substr(0, 4), "RIFF");
  EXPECT_EQ(o.data.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(le32(o.data, 4), o.data.size() - 8);
  EXPECT_EQ(le32(o.data, 24), 16000u);  // sample rate
  const size_t data = o.data.find("data");
  ASSERT_NE(data, std::string::npos);
  EXPECT_EQ(le32(o.data, data + 4), 6u * 960u * 2u);  // 6 words × 60 ms × 16 kHz × 2 bytes
  EXPECT_EQ(synthesize(tts, "   ").status, VB_INVALID_ARGUMENT);
}

TEST(MockStt, ReadsTheCommentOrReportsTheDuration) {
  FakeHost host;
  Plugin tts("libvb_mock_tts.so", host.api());
  Plugin stt("libvb_mock_stt.so", host.api());
  ASSERT_EQ(stt.createStatus, VB_OK);
  EXPECT_EQ(stt.descriptor->kind, VB_KIND_STT);
  const auto wav = synthesize(tts, "where is my invoice INV-1003").data;
  auto o = transcribe(stt, wav);
  ASSERT_EQ(o.status, VB_OK) << o.error.message;
  auto j = json::parse(o.data);
  EXPECT_EQ(j["transcript"], "where is my invoice INV-1003");
  EXPECT_EQ(j["durationMs"], 300);

  // Without a comment: 8000 samples at 16 kHz = 500 ms.
  std::string plain = "RIFF";
  auto put32 = [](std::string& out, uint32_t x) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((x >> (8 * i)) & 0xff);
  };
  put32(plain, 36 + 16000);
  plain += "WAVEfmt ";
  put32(plain, 16);
  plain += std::string("\x01\x00\x01\x00", 4);
  put32(plain, 16000);
  put32(plain, 32000);
  plain += std::string("\x02\x00\x10\x00", 4);
  plain += "data";
  put32(plain, 16000);
  plain += std::string(16000, '\0');
  o = transcribe(stt, plain);
  ASSERT_EQ(o.status, VB_OK) << o.error.message;
  EXPECT_EQ(json::parse(o.data)["transcript"], "audio of 500 ms");

  o = transcribe(stt, "definitely not a wav file");
  EXPECT_EQ(o.status, VB_INVALID_ARGUMENT);
  EXPECT_EQ(o.error.error_class, VB_ERROR_INVALID_REQUEST);
}

TEST(MockTool, InvoiceLookupIsTenantScopedAndDeterministic) {
  FakeHost host;
  Plugin tool("libvb_mock_tool.so", host.api());
  ASSERT_EQ(tool.createStatus, VB_OK);
  EXPECT_EQ(s(tool.descriptor->name), "InvoiceLookup");
  EXPECT_EQ(tool.descriptor->kind, VB_KIND_TOOL);
  ASSERT_NE(tool.descriptor->tool, nullptr);
  EXPECT_TRUE(json::parse(s(tool.descriptor->tool->parameters_schema)).is_object());

  auto o = invoke(tool, "ten_a", R"({"invoiceNumber":"INV-1003"})");
  ASSERT_EQ(o.status, VB_OK) << o.error.message;
  const auto one = json::parse(o.data);
  ASSERT_EQ(one["invoices"].size(), 1u);
  EXPECT_EQ(one["invoices"][0]["invoiceNumber"], "INV-1003");
  const std::string summary = one["summary"];
  EXPECT_EQ(summary.rfind("INV-1003: $", 0), 0u) << summary;
  EXPECT_EQ(json::parse(invoke(tool, "ten_a", R"({"invoiceNumber":"INV-1003"})").data),
            one);  // deterministic
  EXPECT_NE(
      json::parse(
          invoke(tool, "ten_b", R"({"invoiceNumber":"INV-1003"})").data)["invoices"][0]["amountCents"],
      one["invoices"][0]["amountCents"]);  // another tenant's data differs (hash; checked for these ids)

  o = invoke(tool, "ten_a", R"({"customerId":"cust-1"})");
  ASSERT_EQ(o.status, VB_OK) << o.error.message;
  EXPECT_EQ(json::parse(o.data)["invoices"].size(), 5u);

  o = invoke(tool, "ten_a", R"({"invoiceNumber":"INV-9999"})");
  EXPECT_EQ(o.status, VB_NOT_FOUND);
  EXPECT_NE(std::string(o.error.message).find("INV-9999"), std::string::npos);
  EXPECT_EQ(invoke(tool, "ten_a", "{}").status, VB_INVALID_ARGUMENT);
  EXPECT_EQ(invoke(tool, "ten_a", "nope").status, VB_INVALID_ARGUMENT);
}

// A file written for this test process (unique per pid), removed after.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text)
      : path(::testing::TempDir() + "invoices_" + std::to_string(::getpid()) + ".json") {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

TEST(MockTool, InvoicesFileReplacesTheGeneratedDataPerTenant) {
  const TempFile file(R"({"ten_a":[
      {"invoiceNumber":"INV-7","customerId":"cust-1","amountCents":1250,"dueDate":"2026-02-01","status":"open"},
      {"invoiceNumber":"INV-8","customerId":"cust-1","amountCents":500,"dueDate":"2026-03-01","status":"paid"},
      {"invoiceNumber":"INV-9","customerId":"cust-2","amountCents":999,"dueDate":"2026-04-01"}]})");
  FakeHost host;
  Plugin tool("libvb_mock_tool.so", host.api(), json{{"invoicesFile", file.path}}.dump());
  ASSERT_EQ(tool.createStatus, VB_OK) << tool.createError.message;

  auto o = invoke(tool, "ten_a", R"({"invoiceNumber":"inv-7"})");
  ASSERT_EQ(o.status, VB_OK) << o.error.message;
  EXPECT_EQ(json::parse(o.data)["summary"], "INV-7: $12.50 due 2026-02-01");

  o = invoke(tool, "ten_a", R"({"customerId":"cust-1"})");
  ASSERT_EQ(o.status, VB_OK) << o.error.message;
  EXPECT_EQ(json::parse(o.data)["invoices"].size(), 2u);
  EXPECT_EQ(json::parse(o.data)["summary"],
            "2 invoices, $12.50 open: INV-7: $12.50 due 2026-02-01; INV-8: $5.00 paid, was due 2026-03-01");

  EXPECT_EQ(invoke(tool, "ten_a", R"({"invoiceNumber":"INV-1001"})").status,
            VB_NOT_FOUND);                                                                // no generated data
  EXPECT_EQ(invoke(tool, "ten_b", R"({"invoiceNumber":"INV-7"})").status, VB_NOT_FOUND);  // tenant-scoped
  EXPECT_EQ(invoke(tool, "ten_a", R"({"customerId":"cust-3"})").status, VB_NOT_FOUND);
}

TEST(MockTool, UnreadableOrMalformedInvoicesFileFailsTheLoad) {
  FakeHost host;
  Plugin missing("libvb_mock_tool.so", host.api(), R"({"invoicesFile":"/nonexistent/invoices.json"})");
  EXPECT_EQ(missing.createStatus, VB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(missing.createError.message).find("cannot be read"), std::string::npos);

  const TempFile bad(R"({"ten_a":[{"invoiceNumber":"INV-1","amountCents":"12"}]})");
  Plugin malformed("libvb_mock_tool.so", host.api(), json{{"invoicesFile", bad.path}}.dump());
  EXPECT_EQ(malformed.createStatus, VB_INVALID_ARGUMENT);
  EXPECT_NE(std::string(malformed.createError.message).find("amountCents"), std::string::npos);
}

}  // namespace

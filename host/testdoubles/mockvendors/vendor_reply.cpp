#include "testdoubles/mockvendors/vendor_reply.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "testdoubles/mockvendors/invoice_mentions.h"

namespace vb {
namespace {

std::string collapse(const std::string& s, size_t maxChars) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > maxChars) {
    size_t cut = maxChars;
    // Never cut inside a UTF-8 sequence: the reply must stay valid JSON text.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "…";
  }
  return out;
}

std::string firstWords(const std::string& s, int n) {
  std::istringstream in(s);
  std::string word, out;
  for (int i = 0; i < n && in >> word; ++i) out += (out.empty() ? "" : " ") + word;
  return out;
}

std::string sentence(const std::string& s) {
  std::string out = collapse(s, 300);
  if (!out.empty() && out.back() != '.' && out.back() != '!' && out.back() != '?') out += '.';
  return out;
}

bool containsNoCase(const std::string& text, const std::string& needle) {
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         }) != text.end();
}

Poco::JSON::Object::Ptr objectOf(const std::string& json) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(json);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) return parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
  }
  return nullptr;
}

std::string stringOr(const Poco::JSON::Object::Ptr& o, const std::string& key,
                     const std::string& fallback = {}) {
  if (!o || !o->has(key) || !o->get(key).isString()) return fallback;
  return o->getValue<std::string>(key);
}

const WireMessage* lastUserMessage(const WireRequest& r) {
  for (auto it = r.messages.rbegin(); it != r.messages.rend(); ++it)
    if (it->role == "user") return &*it;
  return nullptr;
}

std::string invoiceToolOf(const std::vector<std::string>& tools) {
  for (const auto& t : tools)
    if (t.find("Invoice") != std::string::npos) return t;
  return tools.empty() ? std::string("InvoiceLookup") : tools.front();
}

MockVendorReply invoiceToolCall(const WireRequest& r, const std::string& said) {
  Poco::JSON::Object args;
  if (const auto number = invoiceNumberIn(said))
    args.set("invoiceNumber", *number);
  else
    args.set("customerId", customerIdIn(said).value_or("current"));
  MockVendorReply reply;
  reply.toolName = invoiceToolOf(r.toolNames);
  reply.toolArgumentsJson = jsonText(Poco::Dynamic::Var(args));
  return reply;
}

// What the tool was asked, in words: "invoice INV-1001", "customer cust-7".
struct LookedUp {
  std::string invoiceNumber;
  std::string customerId;
};

LookedUp lookedUpBy(const WireToolCall* call) {
  const auto args = call ? objectOf(call->argumentsJson) : nullptr;
  return {stringOr(args, "invoiceNumber"), stringOr(args, "customerId")};
}

std::string notFoundText(const LookedUp& what) {
  if (!what.invoiceNumber.empty()) return "I could not find invoice " + what.invoiceNumber + ".";
  if (!what.customerId.empty()) return "I could not find any invoices for customer " + what.customerId + ".";
  return "I could not find that record.";
}

std::string failedText(const LookedUp& what, const std::string& reason) {
  std::string subject = "that";
  if (!what.invoiceNumber.empty())
    subject = "invoice " + what.invoiceNumber;
  else if (!what.customerId.empty())
    subject = "the invoices of customer " + what.customerId;
  return "Sorry, I could not look up " + subject + " right now (" + collapse(reason, 120) + ").";
}

// Why an error result failed: its "error" code or message, or its status.
std::string failureReason(const Poco::JSON::Object::Ptr& result) {
  if (result->has("error")) {
    const auto error = result->get("error");
    if (error.isString()) return error.extract<std::string>();
    if (error.type() == typeid(Poco::JSON::Object::Ptr)) {
      const auto o = error.extract<Poco::JSON::Object::Ptr>();
      for (const char* key : {"message", "class", "code"})
        if (const auto s = stringOr(o, key); !s.empty()) return s;
    }
  }
  return stringOr(result, "status", "error");
}

bool isNotFound(const Poco::JSON::Object::Ptr& result) {
  if (result->has("found") && result->get("found").isBoolean() && !result->getValue<bool>("found"))
    return true;
  if (stringOr(result, "status") == "not_found" || stringOr(result, "error") == "not_found") return true;
  const auto error = result->getObject("error");
  return error && (stringOr(error, "code") == "not_found" || stringOr(error, "class") == "not_found");
}

bool isFailure(const Poco::JSON::Object::Ptr& result) {
  if (result->has("error") && !result->isNull("error")) {
    const auto error = result->get("error");
    if (!error.isBoolean() || error.extract<bool>()) return true;
  }
  const std::string status = stringOr(result, "status");
  return status == "error" || status == "timeout" || status == "not_enabled" || status == "failed";
}

// One tool result in words. A result is usually a JSON object with a
// one-line "summary" (the tool ABI asks for one); answering with it reads
// like a real assistant. Plain text is quoted as it came.
std::string answerFor(const WireMessage& toolMessage, const WireToolCall* call) {
  const LookedUp what = lookedUpBy(call);
  const auto result = objectOf(toolMessage.text);
  if (!result) {
    if (containsNoCase(toolMessage.text, "not found")) return notFoundText(what);
    return "Here is what I found: " + collapse(toolMessage.text, 200);
  }
  if (isNotFound(result)) return notFoundText(what);
  if (isFailure(result)) return failedText(what, failureReason(result));
  if (const auto summary = stringOr(result, "summary"); !summary.empty()) return sentence(summary);
  return "Here is what I found: " + collapse(toolMessage.text, 200);
}

// The answer to the tool results that end the request: one sentence each,
// matched to the call they answer (by id, else by position).
std::string answerToolResults(const WireRequest& r) {
  size_t first = r.messages.size();
  while (first > 0 && r.messages[first - 1].role == "tool") --first;
  const WireMessage* asked = nullptr;
  for (size_t i = first; i-- > 0;)
    if (!r.messages[i].toolCalls.empty()) {
      asked = &r.messages[i];
      break;
    }
  std::string text;
  for (size_t i = first; i < r.messages.size(); ++i) {
    const auto& message = r.messages[i];
    const WireToolCall* call = nullptr;
    if (asked) {
      for (const auto& c : asked->toolCalls)
        if (!message.toolCallId.empty() && c.id == message.toolCallId) call = &c;
      if (!call && i - first < asked->toolCalls.size()) call = &asked->toolCalls[i - first];
    }
    text += (text.empty() ? "" : " ") + answerFor(message, call);
  }
  return text;
}

}  // namespace

MockVendorReply composeVendorReply(const WireRequest& r, const std::string& vendorName, uint64_t seed) {
  const WireMessage* lastUser = lastUserMessage(r);
  const std::string said = lastUser ? lastUser->text : std::string();
  if (said.find(kKeepCallingToolsPhrase) != std::string::npos) return invoiceToolCall(r, said);

  const WireMessage* last = r.messages.empty() ? nullptr : &r.messages.back();
  MockVendorReply reply;
  if (last && last->role == "tool") {
    reply.text = answerToolResults(r);
    return reply;
  }
  const bool asksAboutInvoices = invoiceNumberIn(said) || customerIdIn(said) || mentionsInvoices(said);
  if (last == lastUser && lastUser && !r.toolNames.empty() && asksAboutInvoices)
    return invoiceToolCall(r, said);

  static const char* const closings[] = {"happy to help.", "glad to assist.", "here to help.",
                                         "on it right away."};
  const uint64_t h = stableHash(r.system + "\x1f" + said, seed);
  reply.text = "[" + vendorName + "] Re: " + collapse(said, 80) + " — " + closings[h % 4];
  const std::string persona = firstWords(r.system, 4);
  if (!persona.empty()) reply.text += " (" + persona + ")";
  return reply;
}

}  // namespace vb

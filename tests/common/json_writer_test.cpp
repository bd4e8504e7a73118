// JsonWriter writes the bytes Poco's ordered DOM would: the API's bodies stay
// byte-identical where the hot path dropped the DOM.
#include "common/json_writer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include "common/json_body.h"

namespace vb {
namespace {

TEST(JsonWriter, EveryByteOfAStringIsEscapedAsPocoEscapesIt) {
  for (int c = 1; c < 256; ++c) {
    const std::string text = std::string("a/") + static_cast<char>(c) + "b";
    Poco::JSON::Object dom(Poco::JSON_PRESERVE_KEY_ORDER);
    dom.set("k", text);
    std::string out;
    JsonWriter(out).beginObject().key("k").value(text).endObject();
    EXPECT_EQ(out, toJson(dom)) << "byte " << c;
  }
  const std::string utf8 = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \"quoted\" back\\slash\n";
  Poco::JSON::Object dom(Poco::JSON_PRESERVE_KEY_ORDER);
  dom.set("k", utf8);
  std::string out;
  JsonWriter(out).beginObject().key("k").value(utf8).endObject();
  EXPECT_EQ(out, toJson(dom));
}

TEST(JsonWriter, NestingNumbersBooleansAndNullMatchTheDom) {
  Poco::JSON::Object dom(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  Poco::JSON::Object::Ptr inner = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  inner->set("n", static_cast<Poco::Int64>(-42));
  inner->set("big", static_cast<Poco::Int64>(9007199254740993LL));
  list->add(inner);
  list->add(Poco::JSON::Object::Ptr(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER)));
  dom.set("list", list);
  dom.set("yes", true);
  dom.set("no", false);
  dom.set("nothing", Poco::Dynamic::Var());
  dom.set("empty", Poco::JSON::Array::Ptr(new Poco::JSON::Array));

  std::string out;
  JsonWriter w(out);
  w.beginObject().key("list").beginArray();
  w.beginObject().key("n").value(int64_t{-42}).key("big").value(int64_t{9007199254740993LL}).endObject();
  w.beginObject().endObject();
  w.endArray();
  w.key("yes").value(true).key("no").value(false).key("nothing").null();
  w.key("empty").beginArray().endArray().endObject();
  EXPECT_EQ(out, toJson(dom));
}

}  // namespace
}  // namespace vb

// Request bodies: the caller learns what is wrong and where, never the
// parser's internal wording.
#include "common/json_body.h"

#include <gtest/gtest.h>

namespace vb {
namespace {

struct BodyCase {
  std::string body;
  std::string detail;  // the exact detail expected
};

TEST(JsonBody, ABodyThatIsNotAnObjectSaysSoInPlainWords) {
  const std::vector<BodyCase> cases = {
      {"null", "request body must be a JSON object"},
      {"1", "request body must be a JSON object"},
      {"\"text\"", "request body must be a JSON object"},
      {"true", "request body must be a JSON object"},
      {"[1, 2]", "request body must be a JSON object"},
      {"  ", "request body must be a JSON object"},
  };
  for (const auto& c : cases) {
    const auto result = parseJsonObject(c.body);
    ASSERT_FALSE(result) << c.body;
    EXPECT_EQ(result.error().kind, DomainError::Kind::BadRequest) << c.body;
    EXPECT_EQ(result.error().detail, c.detail) << c.body;
  }
}

TEST(JsonBody, InvalidJsonNamesTheLineAndColumnOfTheFirstError) {
  const std::vector<BodyCase> cases = {
      {"{\"a\":}", "request body is not valid JSON (line 1, column 6)"},
      {"{\"a\":1,\n\"b\":tru}", "request body is not valid JSON (line 2, column 8)"},
      {"{\"a\":1", "request body is not valid JSON (line 1, column 7)"},
      {"{} x", "request body is not valid JSON (line 1, column 4)"},
      {"{\"a\":\"\x01\"}", "request body is not valid JSON (line 1, column 7)"},
      {"{\"a\" 1}", "request body is not valid JSON (line 1, column 6)"},
      {"{\"a\":[1,]}", "request body is not valid JSON (line 1, column 9)"},
      {"{'a':1}", "request body is not valid JSON (line 1, column 2)"},
      {"{\"a\":01}", "request body is not valid JSON (line 1, column 7)"},
      {"nul", "request body is not valid JSON (line 1, column 4)"},
      {"{\"a\":" + std::string(100000, '['), "request body is not valid JSON (line 1, column 100006)"},
  };
  for (const auto& c : cases) {
    const auto result = parseJsonObject(c.body);
    ASSERT_FALSE(result) << c.body;
    EXPECT_EQ(result.error().kind, DomainError::Kind::BadRequest) << c.body;
    EXPECT_EQ(result.error().detail, c.detail) << c.body;
    EXPECT_EQ(result.error().detail.find("stack"), std::string::npos);
  }
}

TEST(JsonBody, AValidObjectParses) {
  const auto result = parseJsonObject("{\"name\":\"Acme\",\"n\":[1,2.5e3,-0.1,true,null,{\"x\":\"\\u00e9\\n\"}]}");
  ASSERT_TRUE(result);
  EXPECT_EQ((*result)->getValue<std::string>("name"), "Acme");
  EXPECT_TRUE(parseJsonObject("", /*emptyIsObject=*/true));
}

}  // namespace
}  // namespace vb

#include "http/request_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace vb {
namespace {

std::unique_ptr<ClientConnection> request(const std::string& key, int n) {
  auto c = std::make_unique<ClientConnection>(-1, "addr-" + std::to_string(n));
  c->fairnessKey = key;
  c->body = key + std::to_string(n);
  return c;
}

bool push(RequestQueue& queue, const std::string& key, int n) {
  auto c = request(key, n);
  return queue.tryPush(c);
}

TEST(RequestQueue, AFloodingKeyDoesNotGoAheadOfAnotherKeysOneRequest) {
  RequestQueue queue(1024);
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(push(queue, "A", i));
  ASSERT_TRUE(push(queue, "B", 0));
  std::vector<std::string> order;
  for (int i = 0; i < 3; ++i) order.push_back(queue.pop()->body);
  EXPECT_EQ(order[0], "A0");
  EXPECT_EQ(order[1], "B0") << "B is served in the first round, not after A's 200";
  EXPECT_EQ(order[2], "A1");
}

TEST(RequestQueue, AKeyNeverRunsMoreThanItsShareAndTheRestWaitsUntilOneFinishes) {
  RequestQueue queue(1024, 2);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(push(queue, "A", i));
  auto first = queue.pop();
  auto second = queue.pop();
  ASSERT_TRUE(push(queue, "B", 0));
  EXPECT_EQ(queue.pop()->body, "B0") << "A is at its cap: B runs, A waits";
  queue.finished("B");
  queue.finished("A");
  EXPECT_EQ(queue.pop()->body, "A2");
}

TEST(RequestQueue, AKeyAloneOnTheServerMayUseEveryWorker) {
  RequestQueue queue(1024, 2);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(push(queue, "A", i));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(queue.pop()->body, "A" + std::to_string(i));
}

TEST(RequestQueue, AKeyOverItsShareWaitsWhileAnotherKeyWasActiveWithinTheWindow) {
  RequestQueue queue(1024, 1, 0, std::chrono::hours(1));
  ASSERT_TRUE(push(queue, "B", 0));
  auto b = queue.pop();
  queue.finished("B");  // B is idle now, but was active within the window
  ASSERT_TRUE(push(queue, "A", 0));
  ASSERT_TRUE(push(queue, "A", 1));
  auto first = queue.pop();
  EXPECT_EQ(first->body, "A0");
  ASSERT_TRUE(push(queue, "B", 1));
  EXPECT_EQ(queue.pop()->body, "B1") << "A is at its share of 1: its second request waits";
}

TEST(RequestQueue, OneKeyCannotFillTheWholeQueue) {
  RequestQueue queue(1024, 0, 3);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(push(queue, "A", i));
  EXPECT_FALSE(push(queue, "A", 3));
  EXPECT_TRUE(push(queue, "B", 0));
}

TEST(RequestQueue, TheTotalCapacityStillBounds) {
  RequestQueue queue(2);
  ASSERT_TRUE(push(queue, "A", 0));
  ASSERT_TRUE(push(queue, "B", 0));
  auto refused = request("C", 0);
  EXPECT_FALSE(queue.tryPush(refused));
  EXPECT_NE(refused, nullptr) << "a refused connection stays with the caller";
}

TEST(RequestQueue, CloseWakesWorkersWithNothing) {
  RequestQueue queue(4);
  ASSERT_TRUE(push(queue, "A", 0));
  queue.close();
  EXPECT_EQ(queue.pop(), nullptr);
}

}  // namespace
}  // namespace vb

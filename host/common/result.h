// Result<T, E>: a value or a typed error (C++20 has no std::expected yet).
// Domain code returns these; only the HTTP edge turns errors into statuses.
#pragma once

#include <utility>
#include <variant>

namespace vb {

template <typename E>
struct Unexpected {
  E error;
};

template <typename E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return {std::forward<E>(e)};
}

template <typename T, typename E>
class Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Unexpected<E> e) : data_(std::in_place_index<1>, std::move(e.error)) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  E& error() & { return std::get<1>(data_); }
  const E& error() const& { return std::get<1>(data_); }

 private:
  std::variant<T, E> data_;
};

}  // namespace vb

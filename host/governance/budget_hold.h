// BudgetHold: one turn's budget reservation, owned by the turn. Gives the
// hold back when the turn ends without committing (any early return, a
// failed or rolled-back write), so a failed turn never keeps budget.
// Empty (holds nothing) for tenants and agents without a limit.
// Not thread-safe: one turn's thread owns it.
#pragma once

#include <cstdint>
#include <optional>

#include "governance/budget_ledger.h"

namespace vb {

class BudgetHold {
 public:
  BudgetHold() = default;
  BudgetHold(BudgetLedger& ledger, BudgetReservation reservation);
  BudgetHold(BudgetHold&& other) noexcept;
  BudgetHold& operator=(BudgetHold&& other) noexcept;
  BudgetHold(const BudgetHold&) = delete;
  BudgetHold& operator=(const BudgetHold&) = delete;
  ~BudgetHold();  // releases unless committed()

  // Inside the turn's write transaction: replaces the hold by the real cost.
  void settle(Transaction& tx, int64_t costMicros);
  // After that transaction committed: the hold is spent, nothing to give back.
  void committed();

  bool empty() const { return !reservation_; }

 private:
  BudgetLedger* ledger_ = nullptr;
  std::optional<BudgetReservation> reservation_;
};

}  // namespace vb

#include "governance/budget_hold.h"

#include <utility>

namespace vb {

BudgetHold::BudgetHold(BudgetLedger& ledger, BudgetReservation reservation)
    : ledger_(&ledger), reservation_(std::move(reservation)) {}

BudgetHold::BudgetHold(BudgetHold&& other) noexcept
    : ledger_(other.ledger_), reservation_(std::move(other.reservation_)) {
  other.reservation_.reset();
}

BudgetHold& BudgetHold::operator=(BudgetHold&& other) noexcept {
  if (this != &other) {
    if (reservation_) ledger_->release(*reservation_);
    ledger_ = other.ledger_;
    reservation_ = std::move(other.reservation_);
    other.reservation_.reset();
  }
  return *this;
}

BudgetHold::~BudgetHold() {
  if (reservation_) ledger_->release(*reservation_);
}

void BudgetHold::settle(Transaction& tx, int64_t costMicros) {
  if (reservation_) ledger_->settle(tx, *reservation_, costMicros);
}

void BudgetHold::committed() {
  if (!reservation_) return;
  ledger_->committed(*reservation_);
  reservation_.reset();
}

}  // namespace vb

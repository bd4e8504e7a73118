// The callback delivery attempts of async jobs (domain/job.h). Same
// transaction contract as tenant_repository.h.
#pragma once

#include <string>
#include <vector>

#include "domain/job.h"
#include "store/transaction.h"

namespace vb {

struct CallbackDeliveryRepository {
  // UNIQUE (tenant_id, job_id, attempt): an attempt is recorded once.
  static void insert(Transaction& tx, const CallbackDelivery& row);
  // The job's attempts, in order.
  static std::vector<CallbackDelivery> listByJob(Transaction& tx, const std::string& tenantId,
                                                 const std::string& jobId);
};

}  // namespace vb

#include "jobs/job_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace vb {
namespace {

Poco::JSON::Object::Ptr orderedObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

std::string stringify(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

}  // namespace

std::string renderJob(const Job& job, const std::vector<CallbackDelivery>* deliveries) {
  auto root = orderedObject();
  root->set("id", job.id);
  root->set("status", job.status);
  root->set("kind", job.kind);
  root->set("sessionId", job.sessionId);
  root->set("createdAt", job.createdAt);
  root->set("updatedAt", job.updatedAt);
  if (job.finishedAt) root->set("finishedAt", *job.finishedAt);
  if (deliveries && job.callbackUrl) {
    auto callback = orderedObject();
    callback->set("url", *job.callbackUrl);
    callback->set("status", job.callbackStatus.value_or("waiting"));
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& d : *deliveries) {
      auto item = orderedObject();
      item->set("attempt", d.attempt);
      item->set("status", d.status);
      if (d.httpStatus) item->set("httpStatus", *d.httpStatus);
      if (d.error) item->set("error", *d.error);
      item->set("latencyMs", d.latencyMs);
      item->set("at", d.at);
      list->add(item);
    }
    callback->set("deliveries", list);
    root->set("callback", callback);
  }
  // The stored result and error are already JSON documents: spliced in as
  // they are, so `result` is byte for byte the synchronous 201 body.
  std::string text = stringify(root);
  std::string tail;
  if (job.result) tail += ",\"result\":" + *job.result;
  if (job.error) tail += ",\"error\":" + *job.error;
  text.insert(text.size() - 1, tail);
  return text;
}

}  // namespace vb

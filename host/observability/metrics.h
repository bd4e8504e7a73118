// Metrics: Prometheus text-format counters, gauges and histograms.
// Thread-safe. Series are created on first use and live for the process;
// label values must come from a small fixed set (routes, providers,
// outcomes), never from tenant input.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vb {

class Metrics {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;

  // Declares a metric's help text and type ("counter", "gauge", "histogram").
  void describe(const std::string& name, const std::string& type, const std::string& help);

  void increment(const std::string& name, const Labels& labels = {}, double by = 1.0);
  void setGauge(const std::string& name, const Labels& labels, double value);
  // Observes a value (seconds for latencies) into fixed buckets.
  void observe(const std::string& name, const Labels& labels, double value);

  // Called at scrape time to refresh gauges computed elsewhere (circuit state, plugins).
  void addCollector(std::function<void(Metrics&)> collector);

  std::string renderPrometheus();

 private:
  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative counts per bound
    uint64_t count = 0;
    double sum = 0;
  };
  static std::string seriesKey(const std::string& name, const Labels& labels);

  std::mutex mutex_;  // guards everything below
  std::map<std::string, std::pair<std::string, std::string>> meta_;  // name → (type, help)
  std::map<std::string, std::map<std::string, double>> values_;     // name → labels → value
  std::map<std::string, std::map<std::string, Histogram>> histograms_;
  std::vector<std::function<void(Metrics&)>> collectors_;
};

}  // namespace vb

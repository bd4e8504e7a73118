#include "observability/metrics.h"

#include <sstream>

namespace vb {
namespace {

const std::vector<double>& bucketBounds() {
  static const std::vector<double> bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1.0,   2.5,   5.0,   10.0};
  return bounds;
}

std::string escapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string withLabel(const std::string& labels, const std::string& extra) {
  if (labels.empty()) return "{" + extra + "}";
  return labels.substr(0, labels.size() - 1) + "," + extra + "}";
}

}  // namespace

std::string Metrics::seriesKey(const std::string&, const Labels& labels) {
  if (labels.empty()) return {};
  std::string key = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) key += ',';
    key += labels[i].first + "=\"" + escapeLabel(labels[i].second) + "\"";
  }
  return key + "}";
}

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mutex_);
  meta_[name] = {type, help};
}

void Metrics::increment(const std::string& name, const Labels& labels, double by) {
  const auto key = seriesKey(name, labels);
  std::lock_guard lock(mutex_);
  values_[name][key] += by;
}

void Metrics::setGauge(const std::string& name, const Labels& labels, double value) {
  const auto key = seriesKey(name, labels);
  std::lock_guard lock(mutex_);
  values_[name][key] = value;
}

void Metrics::observe(const std::string& name, const Labels& labels, double value) {
  const auto key = seriesKey(name, labels);
  const auto& bounds = bucketBounds();
  std::lock_guard lock(mutex_);
  auto& h = histograms_[name][key];
  if (h.buckets.empty()) h.buckets.assign(bounds.size(), 0);
  for (size_t i = 0; i < bounds.size(); ++i)
    if (value <= bounds[i]) ++h.buckets[i];
  ++h.count;
  h.sum += value;
}

void Metrics::addCollector(std::function<void(Metrics&)> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::renderPrometheus() {
  std::vector<std::function<void(Metrics&)>> collectors;
  {
    std::lock_guard lock(mutex_);
    collectors = collectors_;
  }
  for (auto& collect : collectors) collect(*this);

  std::ostringstream out;
  std::lock_guard lock(mutex_);
  auto header = [&](const std::string& name, const char* fallbackType) {
    const auto it = meta_.find(name);
    if (it != meta_.end()) {
      out << "# HELP " << name << ' ' << it->second.second << '\n';
      out << "# TYPE " << name << ' ' << it->second.first << '\n';
    } else {
      out << "# TYPE " << name << ' ' << fallbackType << '\n';
    }
  };
  for (const auto& [name, series] : values_) {
    header(name, "untyped");
    for (const auto& [labels, value] : series) out << name << labels << ' ' << value << '\n';
  }
  const auto& bounds = bucketBounds();
  for (const auto& [name, series] : histograms_) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) {
      for (size_t i = 0; i < bounds.size(); ++i) {
        std::ostringstream le;
        le << "le=\"" << bounds[i] << '"';
        out << name << "_bucket" << withLabel(labels, le.str()) << ' ' << h.buckets[i] << '\n';
      }
      out << name << "_bucket" << withLabel(labels, "le=\"+Inf\"") << ' ' << h.count << '\n';
      out << name << "_sum" << labels << ' ' << h.sum << '\n';
      out << name << "_count" << labels << ' ' << h.count << '\n';
    }
  }
  return out.str();
}

}  // namespace vb

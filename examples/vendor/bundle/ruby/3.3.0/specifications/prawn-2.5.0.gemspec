# -*- encoding: utf-8 -*-
# stub: prawn 2.5.0 ruby lib

Gem::Specification.new do |s|
  s.name = "prawn".freeze
  s.version = "2.5.0".freeze

  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=
  s.require_paths = ["lib".freeze]
  s.homepage = "http://prawnpdf.org/".freeze
  s.licenses = ["Nonstandard".freeze, "GPL-2.0-only".freeze, "GPL-3.0-only".freeze]
  s.required_ruby_version = Gem::Requirement.new(">= 2.7".freeze)
  s.rubygems_version = "3.5.11".freeze
  s.summary = "A fast and nimble PDF generator for Ruby".freeze

  s.installed_by_version = "3.5.11".freeze if s.respond_to? :installed_by_version

  s.specification_version = 4

  s.add_runtime_dependency(%q<matrix>.freeze, ["~> 0.4".freeze])
  s.add_runtime_dependency(%q<pdf-core>.freeze, ["~> 0.10.0".freeze])
  s.add_runtime_dependency(%q<ttfunk>.freeze, ["~> 1.8".freeze])
end

# -*- encoding: utf-8 -*-
# stub: rspec-rails 6.1.3 ruby lib

Gem::Specification.new do |s|
  s.name = "rspec-rails".freeze
  s.version = "6.1.3".freeze

  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=
  s.require_paths = ["lib".freeze]
  s.homepage = "https://github.com/rspec/rspec-rails".freeze
  s.licenses = ["MIT".freeze]
  s.required_ruby_version = Gem::Requirement.new(">= 0".freeze)
  s.rubygems_version = "3.5.11".freeze
  s.summary = "RSpec for Rails".freeze

  s.installed_by_version = "3.5.11".freeze if s.respond_to? :installed_by_version

  s.specification_version = 4

  s.add_runtime_dependency(%q<actionpack>.freeze, [">= 6.1".freeze])
  s.add_runtime_dependency(%q<activesupport>.freeze, [">= 6.1".freeze])
  s.add_runtime_dependency(%q<railties>.freeze, [">= 6.1".freeze])
  s.add_runtime_dependency(%q<rspec-core>.freeze, ["~> 3.13".freeze])
  s.add_runtime_dependency(%q<rspec-expectations>.freeze, ["~> 3.13".freeze])
  s.add_runtime_dependency(%q<rspec-mocks>.freeze, ["~> 3.13".freeze])
  s.add_runtime_dependency(%q<rspec-support>.freeze, ["~> 3.13".freeze])
end

import { graphql } from '../generated/gql.js';

export const UserFollowersPageQuery = graphql(`
  query UserFollowersPage($platform: Platform!, $username: String!, $first: Int!, $after: String) {
    user(platform: $platform, username: $username) {
      followers(first: $first, after: $after) {
        edges {
          node {
            username
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const SearchAndRichPostsQuery = graphql(`
  query SearchAndRichPosts {
    searchUsers(platform: THREADS, query: "mosseri") {
      edges {
        node {
          username
          fullName
        }
      }
    }
    user(platform: THREADS, username: "zuck") {
      replies(first: 2) {
        edges {
          node {
            depth
            post {
              text
              replyToUsername
            }
            parent {
              text
              author {
                username
              }
            }
          }
        }
      }
      posts(first: 9) {
        edges {
          node {
            mediaType
            text
            hashtags
            topicTag
            linkAttachment
            quotedPost {
              text
            }
            repostedPost {
              text
              author {
                username
              }
            }
            media {
              type
              url
              thumbnailUrl
            }
          }
        }
      }
    }
  }
`);

export const UserNodeAndPostNodesQuery = graphql(`
  query UserNodeAndPostNodes($ids: [ID!]!, $user: ID!) {
    node(id: $user) {
      __typename
      id
      ... on User {
        username
      }
    }
    nodes(ids: $ids) {
      __typename
      id
      ... on Post {
        nativeId
      }
      ... on Thread {
        root {
          nativeId
        }
      }
    }
  }
`);

export const UserLastPostsQuery = graphql(`
  query UserLastPosts($platform: Platform!, $username: String!, $last: Int!) {
    user(platform: $platform, username: $username) {
      posts(last: $last) {
        edges {
          cursor
        }
      }
    }
  }
`);

export const HandleOnBothPlatformsQuery = graphql(`
  query HandleOnBothPlatforms($name: String!) {
    threads: user(platform: THREADS, username: $name) {
      username
    }
    instagram: user(platform: INSTAGRAM, username: $name) {
      username
    }
  }
`);

export const PrivateAndEmptyAccountsQuery = graphql(`
  query PrivateAndEmptyAccounts {
    quiet: user(platform: THREADS, username: "quiet.account") {
      username
      posts {
        edges {
          cursor
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
    emptyInsta: user(platform: INSTAGRAM, username: "empty.insta") {
      username
      posts {
        edges {
          cursor
        }
        pageInfo {
          hasNextPage
        }
      }
    }
    hiddenInsta: user(platform: INSTAGRAM, username: "hidden.insta") {
      isPrivate
      posts {
        edges {
          cursor
        }
      }
    }
  }
`);

export const ProfileBesidePostsQuery = graphql(`
  query ProfileBesidePosts {
    a: user(platform: INSTAGRAM, username: "yifei_cc") {
      fullName
      posts(first: 5) {
        edges {
          node {
            id
          }
        }
      }
    }
    b: user(platform: INSTAGRAM, username: "yifei_cc") {
      username
    }
  }
`);

export const ProviderCapabilitiesQuery = graphql(`
  query ProviderCapabilities {
    providers {
      id
      platform
      configured
      priority
      capabilities
    }
  }
`);

export const UnavailableCapabilitiesQuery = graphql(`
  query UnavailableCapabilities {
    user(platform: THREADS, username: "zuck") {
      username
      followers(first: 2) {
        edges {
          node {
            username
          }
        }
      }
    }
    insta: user(platform: INSTAGRAM, username: "carsoncantcode") {
      username
      replies(first: 1) {
        edges {
          cursor
        }
      }
    }
    post(platform: INSTAGRAM, shortcode: "DKSMEpKRd6h") {
      id
    }
  }
`);

export const TokenAccountQuery = graphql(`
  query TokenAccount {
    user(platform: THREADS, id: "me") {
      username
      fullName
      posts(first: 3) {
        edges {
          node {
            nativeId
          }
        }
      }
    }
  }
`);

export const NodeIdsQuery = graphql(`
  query NodeIds($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
    }
  }
`);

export const NodeIdQuery = graphql(`
  query NodeId($id: ID!) {
    node(id: $id) {
      id
    }
  }
`);

export const UserPrivacyAndPostsQuery = graphql(`
  query UserPrivacyAndPosts($platform: Platform!, $username: String!) {
    user(platform: $platform, username: $username) {
      username
      isPrivate
      source
      posts(first: 5) {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);
